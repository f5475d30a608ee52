import { readFile, writeFile } from "node:fs/promises";

/**
 * Replaces the `## <heading>` section of a Markdown file (up to the next `## `) with `section`,
 * or appends it; the section's `### ` subsections (written by hand) and the rest of the file are
 * kept as they are.
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
    const old = end === -1 ? rest : rest.slice(0, end);
    const subsections = old.search(/^### /m);
    const kept = subsections === -1 ? "" : `\n${old.slice(subsections).trimEnd()}\n`;
    next = `${current.slice(0, start)}${section.trimEnd()}\n${kept}${end === -1 ? "" : `\n${rest.slice(end)}`}`;
  }
  await writeFile(file, `${next.trimEnd()}\n`);
}
