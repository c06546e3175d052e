"""Where a canopy_* command writes its JSON: the --output file, else standard output."""
import json


def write_json(command, data, output):
    text = json.dumps(data, indent=2) + "\n"
    if output:
        with open(output, "w", encoding="utf-8") as f:
            f.write(text)
    else:
        command.stdout.write(text, ending="")
