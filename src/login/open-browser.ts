/** Opening the system browser on a URL, the way each platform does it. */
import { spawn } from 'node:child_process';

/** The command that opens `url` on `platform`. */
export function openCommand(url: string, platform: NodeJS.Platform = process.platform): [string, string[]] {
  if (platform === 'darwin') return ['open', [url]];
  // rundll32 takes the URL as one argument, so `&` in the query needs no cmd.exe quoting.
  if (platform === 'win32') return ['rundll32', ['url.dll,FileProtocolHandler', url]];
  return ['xdg-open', [url]];
}

/**
 * Starts the system browser on `url` and returns once the opener runs (it is not waited for).
 * Rejects when there is no opener (e.g. `xdg-open` missing on a server).
 */
export function openSystemBrowser(url: string): Promise<void> {
  const [command, args] = openCommand(url);
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: 'ignore', detached: true });
    child.once('error', reject);
    child.once('spawn', () => {
      child.unref();
      resolve();
    });
  });
}
