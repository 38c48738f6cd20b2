import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { sendCommand, type CommandTarget } from '../../main/command-channel';
import { COMMAND_CHANNEL } from '../../main/ipc-contract';

function fakeContents(state: { loading: boolean; destroyed?: boolean }) {
  const contents = Object.assign(new EventEmitter(), {
    send: vi.fn(),
    isLoading: () => state.loading,
    isDestroyed: () => state.destroyed ?? false,
  });
  return contents as typeof contents & CommandTarget;
}

describe('sendCommand', () => {
  it('sends at once to a page that has loaded', () => {
    const contents = fakeContents({ loading: false });
    sendCommand(contents, { type: 'save' });
    expect(contents.send).toHaveBeenCalledExactlyOnceWith(COMMAND_CHANNEL, { type: 'save' });
  });

  it('holds commands for a loading page until it has loaded, in order', () => {
    const state = { loading: true };
    const contents = fakeContents(state);
    const document = { path: '/home/ada/a.netoscope', text: '{}' };
    sendCommand(contents, { type: 'open-file', document });
    sendCommand(contents, { type: 'save' });
    expect(contents.send).not.toHaveBeenCalled();
    state.loading = false;
    contents.emit('did-finish-load');
    expect(contents.send.mock.calls).toEqual([
      [COMMAND_CHANNEL, { type: 'open-file', document }],
      [COMMAND_CHANNEL, { type: 'save' }],
    ]);
  });

  it('drops a command for a page that is gone', () => {
    const contents = fakeContents({ loading: false, destroyed: true });
    sendCommand(contents, { type: 'new' });
    expect(contents.send).not.toHaveBeenCalled();
  });
});
