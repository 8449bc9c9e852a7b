// `ark validate <file...>`: the admission rules, offline. One line per problem.
import { loadBundle } from '../files.js';
import type { Io } from './io.js';

export async function validateCommand(files: string[], io: Io): Promise<number> {
  const bundle = await loadBundle(files, 'validate');
  for (const line of bundle.lines) io.err(line);
  if (bundle.errors.length > 0) {
    io.err(`${bundle.errors.length} problem${bundle.errors.length === 1 ? '' : 's'} found`);
    return 1;
  }
  const count = bundle.teams.length + bundle.agents.length + bundle.others.length + bundle.mockFiles.length;
  io.out(`${files.join(', ')}: ${count} object${count === 1 ? '' : 's'} valid`);
  return 0;
}
