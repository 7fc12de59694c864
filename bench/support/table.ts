export interface TableRow {
  name: string;
  /** Cell values by column; numbers are printed with `digits` decimals. */
  cells: Record<string, number | string | undefined>;
}

export interface TableSpec {
  title: string;
  columns: string[];
  rows: TableRow[];
  /** Adds a column (default "vs <baseline>"): the baseline row's value of `of` divided by each row's. */
  ratio?: { of: string; baseline: string; label?: string };
  digits?: number;
}

/** Renders an aligned text table; numbers right-aligned, text left-aligned. */
export function formatTable(spec: TableSpec): string {
  const digits = spec.digits ?? 1;
  const ratioColumn = spec.ratio ? (spec.ratio.label ?? `vs ${spec.ratio.baseline}`) : undefined;
  const base = spec.ratio ? spec.rows.find((row) => row.name === spec.ratio!.baseline)?.cells[spec.ratio.of] : undefined;
  if (spec.ratio && typeof base !== "number") throw new Error(`baseline row "${spec.ratio.baseline}" has no ${spec.ratio.of}`);

  const header = ["", ...spec.columns, ...(ratioColumn ? [ratioColumn] : [])];
  const body = spec.rows.map((row) => {
    const cells = spec.columns.map((column) => format(row.cells[column], digits));
    if (ratioColumn) {
      const value = row.cells[spec.ratio!.of];
      cells.push(typeof value === "number" && value > 0 ? `${format((base as number) / value, digits)}×` : "—");
    }
    return [row.name, ...cells];
  });
  const widths = header.map((_, i) => Math.max(...[header, ...body].map((line) => line[i]!.length)));
  const render = (line: string[]) =>
    line.map((cell, i) => (i === 0 || !/^[-\d.,]+×?$/.test(cell) ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join("  ");
  const rule = widths.map((w) => "-".repeat(w)).join("  ");
  return [spec.title, render(header), rule, ...body.map(render)].join("\n").replace(/ +$/gm, "");
}

function format(value: number | string | undefined, digits: number): string {
  if (value === undefined) return "—";
  if (typeof value === "string") return value;
  return value.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}
