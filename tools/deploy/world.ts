/**
 * What a real build would change in Google Cloud, kept by the dry run: the
 * Cloud Run services and their revisions, tags and traffic, the images in
 * Artifact Registry, what Terraform applied and which step did each. Every
 * recorded call is checked against infra/ and the routes manifest before it
 * changes anything: a wrong name, region or image, or a call that a step's
 * waitFor lets happen before what it needs, fails the dry run naming the step.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { PipelineStep } from './pipeline.ts';

export class DryRunError extends Error {}

/** What a Cloud Run service is, and the module of infra/main.tf that makes it. */
export type ServiceKind = 'function' | 'relay' | 'docs';
const MODULE_OF: Record<ServiceKind, string> = { function: 'function', relay: 'relay', docs: 'docs' };

export interface Call {
  tool: string;
  args: string[];
  cwd: string;
  step: string;
}

/** What the dry run knows of the project: from the tfvars, the build trigger's substitutions and the manifest. */
export interface Target {
  project: string;
  region: string;
  repository: string;
  bucket: string;
  instance: string;
  shortSha: string;
  /** Service name -> 'function' or 'docs' (the API reference: tagged, smoke-tested, promoted) or 'relay' (serving). */
  services: Record<string, ServiceKind>;
  /** Module names declared in infra/main.tf. */
  modules: string[];
  /** The request paths each function serves (manifest templates, '/' for a push consumer). */
  routes: Record<string, RegExp[]>;
  /** The URL map's route rules, as terraform console evaluates them from the manifest. */
  urlMap: { id: string; path_template: string; backends: { name: string; weight: number }[] }[];
}

interface Revision {
  name: string;
  image: string;
  tag: string | null;
  step: string;
}

interface Service {
  createdBy: string;
  revisions: Revision[];
  serving: string;
  labels: Record<string, string>;
  smokedBy: Map<string, string>;
  promotedBy: string | null;
}

const flag = (args: string[], name: string) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);

export class World {
  readonly services = new Map<string, Service>();
  /** Image reference -> the step that pushed it. */
  readonly pushed = new Map<string, string>();
  /** Tags built and not pushed yet, per step. */
  private readonly built = new Map<string, string[]>();
  /** What made each thing a later step needs: 'tfvars', 'bundles', 'schema', 'apply:<target>', 'routing'. */
  readonly made = new Map<string, string>();
  readonly plan: string[] = [];

  constructor(
    private readonly target: Target,
    private readonly steps: Map<string, PipelineStep>,
    private readonly workspace: string,
    private readonly stateDir: string,
  ) {
    mkdirSync(join(stateDir, 'services'), { recursive: true });
    writeFileSync(join(stateDir, 'registry'), '');
  }

  private get imageBase() {
    return `${this.target.region}-docker.pkg.dev/${this.target.project}/${this.target.repository}`;
  }

  /** Fails unless `what` was made by a step that `step` surely runs after. */
  requireBefore(step: string, what: string, description: string): string {
    const maker = this.made.get(what) ?? this.pushed.get(what);
    if (!maker) throw new DryRunError(`${step}: needs ${description}, which no step before it made`);
    if (maker !== step && !this.steps.get(step)!.ancestors.has(maker)) {
      throw new DryRunError(`${step}: needs ${description}, made by step ${maker}, but its waitFor lets it run before ${maker}: add ${maker} (or a step after it) to waitFor`);
    }
    return maker;
  }

  /** Checks the builder image before its step runs: an image of this project must have been pushed before. */
  checkBuilder(step: PipelineStep): void {
    if (step.name.startsWith(`${this.imageBase}/`)) this.requireBefore(step.id, step.name, `its builder image ${step.name}`);
  }

  private service(step: string, name: string | undefined, args: string[]): [string, Service] {
    const kinds = this.target.services;
    if (!name || !(name in kinds)) {
      throw new DryRunError(`${step}: Cloud Run service "${name}" is neither a function in infra/routes.json (${Object.keys(kinds).filter((k) => kinds[k] === 'function').join(', ')}) nor the relay`);
    }
    const region = flag(args, 'region');
    if (region !== this.target.region) throw new DryRunError(`${step}: service ${name} is in region ${this.target.region} (infra tfvars), not --region=${region}`);
    const service = this.services.get(name);
    if (!service) throw new DryRunError(`${step}: service ${name} does not exist yet: Terraform makes it (apply -target=module.${MODULE_OF[kinds[name]!]}) in a step before`);
    this.requireBefore(step, `service:${name}`, `Cloud Run service ${name}`);
    return [name, service];
  }

  /** Applies one recorded call; returns how the plan shows it. */
  apply(call: Call): string {
    const { tool, args, step } = call;
    const line = `${tool} ${args.join(' ')}`;
    switch (tool) {
      case 'gcloud':
        return this.gcloud(step, args) ?? line;
      case 'docker':
        return this.docker(step, args) ?? line;
      case 'terraform':
        return this.terraform(call) ?? line;
      case 'cloud-sql-proxy':
        if (args.at(-1) !== this.target.instance) throw new DryRunError(`${step}: the Cloud SQL Auth Proxy serves ${args.at(-1)}, not the instance in infra tfvars (${this.target.instance})`);
        if (!this.steps.get(step)!.secretEnv.includes('DATABASE_URL')) throw new DryRunError(`${step}: reaches the database without DATABASE_URL in secretEnv`);
        this.made.set(`proxy:${step}`, step);
        return line;
      case 'npm':
        return this.npm(step, args);
      case 'curl':
        return this.curl(step, args);
      default:
        return line;
    }
  }

  private npm(step: string, args: string[]): string {
    const line = `npm ${args.join(' ')}`;
    // A build step has no /cloudsql mount: the database commands need the proxy in their own step.
    if (args[0] === 'run' && ['db:migrate', 'modes'].includes(args[1]!) && !this.made.has(`proxy:${step}`)) {
      throw new DryRunError(`${step}: npm ${args.join(' ')} without the Cloud SQL Auth Proxy in this step (bash infra/deploy/cloud-sql.sh npm ...)`);
    }
    if (args[0] === 'ci') return `${line}   (recorded, not run: the dry run reuses this checkout's node_modules)`;
    if (args.join(' ') === 'run build') {
      this.made.set('bundles', step);
      return `${line}   (ran)`;
    }
    if (args.join(' ') === 'run db:migrate') {
      this.made.set('schema', step);
      return `${line}   (recorded, not run: needs the production database)`;
    }
    if (args.join(' ') === 'run modes -- sync') {
      this.requireBefore(step, 'routing', 'the URL map applied (terraform apply of everything) before route modes follow the manifest');
      return `${line}   (recorded, not run: needs the production database)`;
    }
    return line;
  }

  private gcloud(step: string, args: string[]): string | undefined {
    const [group, sub, verb] = args;
    if (group === 'storage' && sub === 'cp') {
      const expected = `gs://${this.target.bucket}/canopy/production.tfvars`;
      if (args[2] !== expected) throw new DryRunError(`${step}: copies ${args[2]}, not the production variables beside the state (${expected})`);
      this.made.set('tfvars', step);
      return undefined;
    }
    if (group === 'auth' && sub === 'print-identity-token') return undefined;
    if (group !== 'run') return undefined;
    if (sub === 'deploy') return this.deploy(step, args);
    if (sub === 'services' && verb === 'describe') {
      this.service(step, args[3], args);
      return undefined;
    }
    if (sub === 'services' && verb === 'update-traffic') return this.updateTraffic(step, args);
    throw new DryRunError(`${step}: gcloud ${args.join(' ')} is not a command the build is known to need`);
  }

  private deploy(step: string, args: string[]): string | undefined {
    const [name, service] = this.service(step, args[2], args);
    const image = flag(args, 'image') ?? '';
    if (!image.startsWith(`${this.imageBase}/${name}:`)) throw new DryRunError(`${step}: deploys ${name} from ${image}, not from ${this.imageBase}/${name}`);
    this.requireBefore(step, image, `image ${image}`);
    const kind = this.target.services[name]!;
    // The API reference reads no database.
    if (kind !== 'docs') this.requireBefore(step, 'schema', "Canopy's tables migrated (npm run db:migrate) before a revision that may use them");
    const tag = flag(args, 'tag') ?? null;
    if (kind !== 'relay') {
      if (!args.includes('--no-traffic') || tag !== `sha-${this.target.shortSha}`) {
        throw new DryRunError(`${step}: ${kind === 'docs' ? 'the API reference' : 'function'} ${name} must be deployed with --no-traffic --tag=sha-${this.target.shortSha} (smoke-tested before it takes traffic)`);
      }
    } else if (tag || args.includes('--no-traffic')) {
      throw new DryRunError(`${step}: the relay is deployed serving, without a tag (a tagged revision keeps its minimum instance running)`);
    }
    const revision = { name: `${name}-${String(service.revisions.length + 1).padStart(5, '0')}-dry`, image, tag, step };
    service.revisions.push(revision);
    for (const pair of (flag(args, 'update-labels') ?? '').split(',').filter(Boolean)) {
      const [key, value] = pair.split('=');
      service.labels[key!] = value ?? '';
    }
    if (!tag) service.serving = revision.name;
    this.save(name);
    return undefined;
  }

  private updateTraffic(step: string, args: string[]): string | undefined {
    const [name, service] = this.service(step, args[3], args);
    const toTags = flag(args, 'to-tags');
    if (toTags) {
      const [tag, percent] = toTags.split('=');
      const revision = service.revisions.find((r) => r.tag === tag);
      if (!revision) throw new DryRunError(`${step}: moves ${name}'s traffic to tag ${tag}, which no deploy made`);
      this.requireBefore(step, `deployed:${name}:${tag}`, `${name}'s revision tagged ${tag}`);
      const smoke = service.smokedBy.get(tag!);
      if (!smoke) throw new DryRunError(`${step}: moves ${name}'s traffic to ${tag} before any smoke test of it`);
      this.requireBefore(step, `smoked:${name}:${tag}`, `the smoke test of ${name}'s ${tag}`);
      if (percent !== '100') throw new DryRunError(`${step}: promotes ${name} to ${percent} %, not 100`);
      service.serving = revision.name;
      service.promotedBy = step;
      this.made.set(`promoted:${name}`, step);
    } else if (args.includes('--to-latest')) {
      service.serving = service.revisions.at(-1)!.name;
      this.made.set(`promoted:${name}`, step);
    }
    this.save(name);
    return undefined;
  }

  private curl(step: string, args: string[]): string {
    const target = args.find((a) => a.startsWith('https://'));
    for (const [name, service] of this.services) {
      for (const revision of service.revisions) {
        const url = revision.tag && this.url(name, revision.tag);
        if (!url || !target?.startsWith(url)) continue;
        const path = target.slice(url.length);
        if (!this.target.routes[name]!.some((re) => re.test(path))) throw new DryRunError(`${step}: smoke-tests ${name} on ${path}, which is not one of its routes in infra/routes.json`);
        if (!args.some((a) => a === 'Authorization: Bearer dry-run-identity-token')) throw new DryRunError(`${step}: calls ${name} without an identity token`);
        service.smokedBy.set(revision.tag!, step);
        this.made.set(`smoked:${name}:${revision.tag}`, step);
        return `curl ${args.map((a) => (a.startsWith('Authorization') ? "'Authorization: Bearer <identity token>'" : a)).join(' ')}   (answered 200 by the stand-in)`;
      }
    }
    throw new DryRunError(`${step}: curl ${target} is not the tagged URL of a revision this build deployed`);
  }

  private docker(step: string, args: string[]): string | undefined {
    if (args[0] === 'build') {
      const tags = args.flatMap((a, i) => (args[i - 1] === '-t' ? [a] : []));
      const context = args.at(-1)!;
      for (const tag of tags) if (!tag.startsWith(`${this.imageBase}/`)) throw new DryRunError(`${step}: builds ${tag}, outside the project's repository ${this.imageBase}`);
      if (context.startsWith('dist/')) this.requireBefore(step, 'bundles', `the bundles in ${context} (npm run build)`);
      this.built.set(step, [...(this.built.get(step) ?? []), ...tags]);
    }
    if (args[0] === 'push') {
      const repo = args.at(-1)!;
      const tags = (this.built.get(step) ?? []).filter((t) => t.startsWith(`${repo}:`));
      if (tags.length === 0) throw new DryRunError(`${step}: pushes ${repo}, which this step did not build`);
      for (const tag of tags) {
        this.pushed.set(tag, step);
        writeFileSync(join(this.stateDir, 'registry'), `${[...this.pushed.keys()].join('\n')}\n`);
      }
      return `docker push ${tags.join(' ')}`;
    }
    return undefined;
  }

  private terraform(call: Call): string | undefined {
    const { step, args, cwd } = call;
    const folder = relative(this.workspace, cwd);
    if (args[0] === 'init') {
      if (folder !== 'infra') throw new DryRunError(`${step}: terraform init in ${folder || 'the repository root'}, not infra/`);
      if (!args.includes(`-backend-config=bucket=${this.target.bucket}`)) throw new DryRunError(`${step}: terraform init without the state bucket ${this.target.bucket}`);
      return undefined;
    }
    if (args[0] !== 'apply' && args[0] !== 'plan') return undefined;
    if (folder !== 'infra') throw new DryRunError(`${step}: terraform ${args[0]} in ${folder || 'the repository root'}, not infra/`);
    this.requireBefore(step, 'tfvars', 'infra/production.tfvars (copied from the state bucket)');
    const targets = args.filter((a) => a.startsWith('-target=')).map((a) => a.slice('-target='.length));
    for (const target of targets) {
      const module = /^module\.([a-z_]+)/.exec(target)?.[1];
      if (!module || !this.target.modules.includes(module)) throw new DryRunError(`${step}: -target=${target} is not a module in infra/main.tf (${this.target.modules.join(', ')})`);
    }
    if (args[0] === 'plan') return undefined;
    const covers = (module: string) => targets.length === 0 || targets.includes(`module.${module}`);
    for (const [name, kind] of Object.entries(this.target.services)) {
      if (!covers(MODULE_OF[kind]) || this.services.has(name)) continue;
      // What Terraform makes: the service on a placeholder image, serving; the build owns images and traffic after it.
      this.services.set(name, { createdBy: step, revisions: [{ name: `${name}-00001-tf`, image: 'placeholder', tag: null, step }], serving: `${name}-00001-tf`, labels: {}, smokedBy: new Map(), promotedBy: null });
      this.made.set(`service:${name}`, step);
      this.save(name);
    }
    if (targets.length > 0) return undefined;
    // The URL map sends users to a function only once its smoke-tested revision serves all of the service's traffic.
    const lines = this.target.urlMap.map((rule) => {
      for (const { name } of rule.backends) if (name !== 'monolith') this.requireBefore(step, `promoted:${name}`, `${name}'s new revision promoted before the URL map sends ${rule.id} to it`);
      return `\n      URL map: ${rule.path_template} (${rule.id}) -> ${rule.backends.map((b) => `${b.name} ${b.weight / 10} %`).join(', ')}`;
    });
    this.made.set('routing', step);
    return `terraform ${args.join(' ')}${lines.join('')}\n      default -> monolith`;
  }

  /** The URL a tagged revision answers on. */
  private url(name: string, tag: string): string {
    return `https://${tag}---${name}-dryrun-ew.a.run.app`;
  }

  /** What `gcloud run services describe --format=json` answers, for the scripts. */
  private save(name: string): void {
    const service = this.services.get(name)!;
    const traffic = service.revisions
      .filter((r) => r.name === service.serving || r.tag)
      .map((r) => ({ revisionName: r.name, percent: r.name === service.serving ? 100 : 0, ...(r.tag && { tag: r.tag, url: this.url(name, r.tag) }) }));
    for (const r of service.revisions) if (r.tag) this.made.set(`deployed:${name}:${r.tag}`, r.step);
    writeFileSync(
      join(this.stateDir, 'services', `${name}.json`),
      JSON.stringify({ spec: { template: { metadata: { labels: service.labels } } }, status: { latestCreatedRevisionName: service.revisions.at(-1)!.name, traffic } }),
    );
  }
}
