import { ReactFlowProvider } from '@xyflow/react';
import { Canvas } from './canvas/Canvas';
import { CanvasToolbar } from './canvas/CanvasToolbar';
import { useEditorCommands, useEditorKeyboard } from './commands/useEditorCommands';
import { InstrumentsPanel } from './instruments/InstrumentsPanel';
import { Dialogs } from './panels/Dialogs';
import { Inspector } from './panels/Inspector';
import { NoticeBar } from './panels/NoticeBar';
import { Palette } from './panels/Palette';
import { RunPanel } from './panels/RunPanel';
import { Toolbar } from './panels/Toolbar';
import { useAppStore } from './services';

/** Inside the React Flow provider: the commands need the canvas's view (fit, pointer position). */
function Editor() {
  const commands = useEditorCommands();
  useEditorKeyboard(commands);
  // The Instruments tab covers the canvas, which stays mounted underneath (its view, its selection).
  const instrumentsOpen = useAppStore((state) => state.instrumentsOpen);
  return (
    <div className="app">
      <Toolbar commands={commands} />
      <NoticeBar />
      <Palette />
      <main className="workspace">
        <Canvas />
        <CanvasToolbar commands={commands} />
      </main>
      <Inspector />
      <RunPanel />
      {instrumentsOpen && <InstrumentsPanel />}
      <Dialogs />
    </div>
  );
}

/** The provider wraps the whole window so the palette can place nodes in the canvas's view. */
export function App() {
  return (
    <ReactFlowProvider>
      <Editor />
    </ReactFlowProvider>
  );
}
