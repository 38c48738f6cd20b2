/**
 * Sends DesktopCommands to a window's page. A command sent while the page is still loading would
 * reach no listener (the preload registers its own as the page starts), so it waits for the
 * page's `did-finish-load`; the preload then keeps it until the editor subscribes.
 */
import type { WebContents } from 'electron';
import { COMMAND_CHANNEL, type DesktopCommand } from './ipc-contract';

export type CommandTarget = Pick<WebContents, 'send' | 'isLoading' | 'once' | 'isDestroyed'>;

export function sendCommand(contents: CommandTarget, command: DesktopCommand): void {
  if (contents.isDestroyed()) return;
  if (contents.isLoading()) {
    contents.once('did-finish-load', () => sendCommand(contents, command));
    return;
  }
  contents.send(COMMAND_CHANNEL, command);
}
