import path from 'node:path';

export const PROJECT_ROOT = path.resolve(__dirname, '..');
export const TOOLS_DIR = path.join(PROJECT_ROOT, '.tools');
export const resolveDataDir = (dataDir: string): string => path.resolve(PROJECT_ROOT, dataDir);
