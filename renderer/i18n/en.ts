import type { NodeKind } from '../../engine/document/types';
import type { PaletteGroup } from '../../engine/document/nodes';
import type { AlignMode } from '../document/arrange';
import type { ConnectionProblem } from '../document/graph';
import type { ChainProblem } from '../document/repeat';
import type { CommandId, ShortcutGroup } from '../commands/shortcuts';
import type { RunStatus } from '../store';
import type { ExportedWeights } from '../document/pytorchExport';

/**
 * Every string of the interface, in English. Other languages implement the same type
 * (`Messages`), so a missing translation fails the type check. Names that come from the node
 * registry (kinds, fields, options) are the registry's own English; a language translates them
 * in `registry`, where a new kind or field without a translation falls back to the registry.
 */
export interface RegistryText {
  groups: Partial<Record<PaletteGroup, string>>;
  titles: Partial<Record<NodeKind, string>>;
  descriptions: Partial<Record<NodeKind, string>>;
  /** By scope and name: `dense.units`, `training.learningRate`, `dataset.noise`. */
  fields: Partial<Record<string, string>>;
  /** By scope, field and value: `activation.fn.relu`. */
  options: Partial<Record<string, string>>;
}

const plural = (count: number, one: string, many: string) => `${count.toLocaleString('en')} ${count === 1 ? one : many}`;

export const en = {
  languageName: 'English',
  app: {
    brand: 'Netoscope',
    windowTitle: (name: string, dirty: boolean) => `${dirty ? '• ' : ''}${name} — Netoscope`,
  },
  toolbar: {
    documentName: 'Document name',
    unsaved: 'Unsaved changes',
    autosaved: (time: string) => `Unsaved changes, kept safe at ${time}`,
    file: 'File',
    edit: 'Edit',
    arrange: 'Arrange',
    run: 'Run',
    home: 'Start',
    homeTitle: 'Start screen: new, open, recent documents and presets',
    new: 'New',
    open: 'Open…',
    save: 'Save',
    saveAs: 'Save as…',
    undo: 'Undo',
    redo: 'Redo',
    duplicate: 'Duplicate',
    repeat: 'Repeat…',
    layout: 'Layout',
    layoutTitle: 'Arrange the whole network left to right',
    align: 'Align',
    fit: 'Fit',
    fitTitle: 'Show the whole network',
    train: 'Train',
    pause: 'Pause',
    resume: 'Resume',
    stop: 'Stop',
    view: 'View',
    darkTheme: 'Dark theme',
    lightTheme: 'Light theme',
    snap: 'Snap to grid',
    minimap: 'Minimap',
    language: 'Language',
    shortcuts: 'Keyboard shortcuts (?)',
  },
  align: {
    left: 'Align left edges',
    right: 'Align right edges',
    top: 'Align top edges',
    bottom: 'Align bottom edges',
    'distribute-horizontally': 'Space evenly, left to right',
    'distribute-vertically': 'Space evenly, top to bottom',
  } satisfies Record<AlignMode, string>,
  status: {
    idle: 'Ready',
    starting: 'Starting…',
    running: 'Training',
    paused: 'Paused',
    stopped: 'Stopped',
    finished: 'Finished',
    diverged: 'Diverged',
    failed: 'Failed',
  } satisfies Record<RunStatus, string>,
  palette: {
    title: 'Layers',
    search: 'Search layers',
    noMatch: 'No layer matches.',
    itemTitle: (description: string) => `${description} Drag onto the canvas, or press Enter to add.`,
    hint: 'Drag a layer onto the canvas (onto a wire to insert it), or press A over the canvas. Wire an output (right) to an input (left).',
  },
  canvas: {
    label: 'Network canvas',
    refused: (reason: string) => `Cannot connect: ${reason}`,
    dropOnEdge: 'Drop to insert into this wire',
    overlayRun: (name: string, step: number) => `Sparklines and wire colours: ${name}, step ${step.toLocaleString('en')}`,
    overlayTitle: 'Each card shows its output histogram and each wire the mean |∂L/∂a| flowing back through it (grey: none, blue: small, red: large), as last measured in this run. Hide it in the Instruments to show the next run.',
  },
  connection: (problem: ConnectionProblem, title: (kind: NodeKind) => string): string => {
    switch (problem.code) {
      case 'missing-node':
        return 'both ends must be nodes of the network.';
      case 'self-loop':
        return 'a node cannot feed itself.';
      case 'no-output':
        return `${title(problem.source)} is the end of the network and has no output.`;
      case 'no-input':
        return `${title(problem.target)} takes no input.`;
      case 'already-connected':
        return 'these nodes are already connected.';
      case 'input-taken':
        return `${title(problem.target)} takes one input and already has one: delete that wire first, or drop a layer onto it.`;
      case 'cycle':
        return 'this wire would close a loop; data must flow from the Input to the Output.';
      case 'width-mismatch':
        return `${title(problem.target)} sums inputs of equal width: it has ${problem.expected} features, this wire brings ${problem.got}. Use Concat to join different widths.`;
    }
  },
  node: {
    parameters: (count: number) => plural(count, 'param', 'params'),
    shapeTitle: 'Output shape: batch × features',
    sparklineTitle: 'Output histogram at the latest measurement of the run',
    parametersTitle: 'Trainable parameters',
    inputPort: 'input',
    inputsPort: 'inputs (two or more)',
    outputPort: 'output',
    divergence: (pass: 'forward' | 'backward', step: number) => `NaN/Inf in the ${pass} pass at step ${step}`,
  },
  inspector: {
    label: 'Inspector',
    name: 'Name on the card',
    shape: 'Output shape',
    parameters: 'Trainable parameters',
    noParams: 'This layer has no parameters.',
    delete: 'Delete node',
    selected: (count: number) => `${plural(count, 'node', 'nodes')} selected`,
    selectedHint: 'Drag to move them together; align, duplicate or repeat them from the toolbar.',
    hint: 'Select a node to edit its parameters.',
  },
  settings: {
    training: 'Training',
    dataset: 'Dataset',
    datasetKind: 'Dataset',
    datasetKinds: {
      spirals: 'Two spirals',
      moons: 'Two moons',
      circles: 'Two circles',
      xor: 'XOR (four quadrants)',
      blobs: 'Gaussian blobs',
      mnist: 'MNIST digits',
      letters: 'Letters (Hershey)',
      csv: 'CSV table',
    } as Record<string, string>,
    datasetShape: (width: number, classes: number) => `${plural(width, 'feature', 'features')} per example, ${plural(classes, 'class', 'classes')}.`,
    exportPyTorch: 'Export to PyTorch…',
    exportPyTorchHint: (trained: boolean): string =>
      trained
        ? 'model.py and train.py for PyTorch, with the weights of the last run.'
        : 'model.py and train.py for PyTorch; train first to export the weights too.',
  },
  field: {
    enterValue: 'Enter a value.',
    enterNumber: 'Enter a number.',
    wholeNumber: 'Enter a whole number.',
    atLeast: (min: string) => `At least ${min}.`,
    atMost: (max: string) => `At most ${max}.`,
    above: (min: string) => `Greater than ${min}.`,
    below: (max: string) => `Less than ${max}.`,
    off: 'off',
  },
  run: {
    label: 'Training',
    step: 'Step',
    progress: 'Progress',
    loss: 'Loss',
    firstLoss: 'First loss',
    trainAccuracy: 'Train accuracy',
    testAccuracy: 'Test accuracy',
    points: 'points',
    lossChart: 'Training loss',
    lossEmpty: 'Press Train to watch the loss fall.',
    accuracyChart: 'Accuracy',
    accuracyEmpty: 'Accuracy on the batch and on held-out points.',
    trainSeries: 'train (batch)',
    testSeries: 'test',
    stepLabel: (step: string) => `step ${step}`,
    diverged: (step: number, message: string) => `Diverged at step ${step}: ${message}`,
  },
  notice: {
    dismiss: 'Dismiss',
    opened: (name: string) => `Opened ${name}.`,
    openedWithErrors: (name: string) => `Opened ${name}, but it does not compile yet: see the marked nodes.`,
    notOpened: (name: string, reason: string) => `${name} was not opened. ${reason}`,
    readFailed: (reason: string) => `The file could not be read: ${reason}`,
    recentGone: (name: string) => `${name} could not be opened: it was moved, renamed or deleted.`,
    saved: (path: string) => `Saved to ${path}.`,
    downloaded: (name: string) => `Downloaded ${name}.`,
    notSaved: (reason: string) => `The document was not saved: ${reason}`,
    recovered: (name: string) => `Recovered your unsaved work on “${name}”.`,
    copied: (count: number) => `Copied ${plural(count, 'node', 'nodes')}.`,
    pasted: (count: number) => `Pasted ${plural(count, 'node', 'nodes')}.`,
    repeated: (count: number) => `Added ${plural(count, 'node', 'nodes')}.`,
    autosaveFailed: (reason: string) => `Unsaved work could not be kept safe: ${reason}`,
    nothingToExport: 'Nothing to export yet: train the network first.',
    exported: (name: string) => `Exported ${name}.`,
    pyTorchExported: (name: string, weights: ExportedWeights) =>
      `Exported ${name}: model.py and train.py${
        weights.kind === 'trained'
          ? `, with the weights after step ${weights.step}.`
          : weights.kind === 'stale'
            ? ', without weights: the last run trained an earlier version of the network.'
            : ', without weights: train the network first to export them too.'
      }`,
    pyTorchRefused: (problem: string) => `Not exported to PyTorch: ${problem}`,
  },
  start: {
    title: 'Netoscope',
    subtitle: 'An oscilloscope for neural networks: wire layers, train, watch the signal and the gradient in every layer.',
    new: 'New network',
    newHint: 'An Input and an Output; add layers between them.',
    open: 'Open a file…',
    openHint: 'A .netoscope document from your disk.',
    recent: 'Recent',
    noRecent: 'Documents you open or save appear here.',
    recentUnavailable: 'The browser cannot reopen files by name: use Open.',
    presets: 'Lecture presets',
    builtInDescription: 'Two tanh layers of 32 units learn to tell two interleaved spirals apart: press Train and watch the loss fall.',
    noPresets: 'No presets are installed.',
    recoverTitle: 'Unsaved work found',
    recoverBody: (name: string, time: string) => `“${name}” had changes that were not saved (kept at ${time}).`,
    recover: 'Recover',
    discard: 'Discard',
    continueWith: (name: string) => `Continue with “${name}”`,
    close: 'Close',
  },
  confirm: {
    title: 'Discard unsaved changes?',
    body: (name: string) => `“${name}” has changes that are not saved. They will be lost.`,
    discard: 'Discard changes',
    cancel: 'Cancel',
  },
  repeat: {
    title: 'Repeat the selected block',
    body: (block: string) => `Adds copies of ${block} after it, each fed by the one before.`,
    count: 'Copies',
    apply: 'Repeat',
    cancel: 'Cancel',
    problem: (problem: ChainProblem): string => {
      switch (problem.code) {
        case 'empty':
          return 'Select the block to repeat first (for example Dense, BatchNorm and an Activation).';
        case 'not-a-chain':
          return 'Repeat needs a chain: select nodes that feed each other one after the other.';
        case 'not-a-layer':
          return 'The Input and the Output cannot be repeated: select layers only.';
      }
    },
  },
  quickAdd: {
    title: 'Add a node',
    placeholder: 'Type to search, Enter to add',
  },
  shortcuts: {
    title: 'Keyboard shortcuts',
    close: 'Close',
    groups: { file: 'File', edit: 'Edit', canvas: 'Canvas', view: 'View' } satisfies Record<ShortcutGroup, string>,
    mouse: [
      ['Drag on empty canvas', 'Pan'],
      ['Shift + drag', 'Select with a box'],
      ['Shift + click', 'Add to the selection'],
      ['Wheel', 'Zoom'],
    ] as [string, string][],
    commands: {
      new: 'New document',
      open: 'Open…',
      save: 'Save',
      'save-as': 'Save as…',
      undo: 'Undo',
      redo: 'Redo',
      copy: 'Copy',
      cut: 'Cut',
      paste: 'Paste (at the pointer)',
      duplicate: 'Duplicate',
      delete: 'Delete the selection',
      'select-all': 'Select everything',
      'quick-add': 'Add a node at the pointer',
      repeat: 'Repeat the selected block…',
      'auto-layout': 'Auto-layout, left to right',
      'align-left': 'Align left edges',
      'align-top': 'Align top edges',
      'distribute-horizontally': 'Space evenly, left to right',
      'fit-view': 'Fit the network in view',
      'toggle-theme': 'Light or dark theme',
      shortcuts: 'Show this list',
      escape: 'Close a dialog, clear the selection',
    } satisfies Record<CommandId, string>,
  },
  registry: { groups: {}, titles: {}, descriptions: {}, fields: {}, options: {} } as RegistryText,
};

export type Messages = typeof en;
