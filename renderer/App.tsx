import { ReactFlowProvider } from '@xyflow/react';
import { Canvas } from './canvas/Canvas';
import { Inspector } from './panels/Inspector';
import { NoticeBar } from './panels/NoticeBar';
import { Palette } from './panels/Palette';
import { RunPanel } from './panels/RunPanel';
import { Toolbar } from './panels/Toolbar';

/** The provider wraps the whole window so the palette can place nodes in the canvas's view. */
export function App() {
  return (
    <ReactFlowProvider>
      <div className="app">
        <Toolbar />
        <NoticeBar />
        <Palette />
        <main className="workspace">
          <Canvas />
        </main>
        <Inspector />
        <RunPanel />
      </div>
    </ReactFlowProvider>
  );
}
