/**
 * Lays out rows of cells as aligned text columns: figures right-aligned, the
 * first column and any column listed in `left` left-aligned.
 */
export function table(rows: string[][], left: number[] = []): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  const pad = (cell: string, i: number) => (i === 0 || left.includes(i) ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!));
  return rows.map((row) => `  ${row.map(pad).join('  ')}`.trimEnd());
}
