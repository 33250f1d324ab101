// A report builder whose async entry point calls a blocking helper.
import { execSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';

function gitRevision(): string {
  return execSync('git rev-parse HEAD').toString().trim();
}

export async function buildReport(path: string): Promise<string> {
  const body = await readFile(path, 'utf8');
  return `${gitRevision()}\n${body}`;
}
