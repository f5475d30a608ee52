import { readFile, writeFile } from "node:fs/promises";

/**
 * Replaces the `## <heading>` section of a Markdown file (up to the next `## `) with `section`,
 * or appends it; the rest of the file is kept as is.
 */
export async function writeBenchmarkSection(file: string, heading: string, section: string): Promise<void> {
  const current = await readFile(file, "utf8").catch(() => "# Benchmarks\n");
  const marker = `## ${heading}`;
  const start = current.search(new RegExp(`^${marker.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\s*$`, "m"));
  let next: string;
  if (start === -1) {
    next = `${current.trimEnd()}\n\n${section}`;
  } else {
    const rest = current.slice(start + marker.length);
    const end = rest.search(/^## /m);
    next = `${current.slice(0, start)}${section.trimEnd()}\n${end === -1 ? "" : `\n${rest.slice(end)}`}`;
  }
  await writeFile(file, `${next.trimEnd()}\n`);
}
