import { useLocale } from '../i18n';
import type { Locale } from '../store';

/** The instruments' strings; every language implements the same type, so none can be missing. */
export interface InstrumentsText {
  title: string;
  editor: string;
  workspace: string;
  empty: string;
  columns: string;
  overlay: string;
  layoutLabel: string;
  node: string;
  logScale: string;
  loss: string;
  accuracy: string;
  train: string;
  test: string;
  step: (step: number) => string;
  bands: (nodeId: string, source: 'preActivation' | 'output') => string;
  rankName: (rank: number) => string;
  outputHistogram: (nodeId: string) => string;
  weightHistogram: (nodeId: string) => string;
  outside: (below: number, above: number, nan: number) => string;
  notMeasured: string;
  depthProfile: string;
  layerIndex: string;
  gradient: string;
  activationStd: string;
  layerHealth: string;
  saturated: string;
  dead: string;
  updateRatio: string;
  theory: string;
  predicted: string;
  predictedNow: string;
  measured: string;
  batchNorm: (nodeId: string) => string;
  inputMean: string;
  inputStd: string;
  outputMean: string;
  outputStd: string;
  batchMean: string;
  runningMean: string;
  batchVariance: string;
  runningVariance: string;
  gamma: string;
  beta: string;
  unit: string;
  decisionBoundary: string;
  sample: (split: 'train' | 'test', index: number, label: number) => string;
  sampleInput: string;
  firstWeights: (nodeId: string, shown: number, units: number) => string;
  layerOutputs: string;
  samplePicker: string;
  sampleSplit: string;
  sampleIndex: string;
  samplePrevious: string;
  sampleNext: string;
  sampleTitle: string;
  probeWaiting: string;
  probeProblem: (message: string) => string;
  pin: string;
  unpin: string;
  hide: string;
  show: string;
  rename: string;
  exportJson: string;
  exportCsv: string;
  exportPng: string;
  exportSvg: string;
  status: Record<string, string>;
  compare: string;
  compareTitle: string;
  axis: string;
  axes: Record<'document' | 'initializer' | 'batchnorm' | 'dropout' | 'activation' | 'learningRate', string>;
  values: string;
  numbersHint: string;
  batchnormBoth: string;
  start: (count: number) => string;
  cancel: string;
}

const en: InstrumentsText = {
  title: 'Instruments',
  editor: 'Editor',
  workspace: 'Workspace',
  empty: 'Train, or compare the variants, to see inside every layer.',
  columns: 'Columns',
  overlay: 'Overlay',
  layoutLabel: 'Layout',
  node: 'Node',
  logScale: 'Log scale',
  loss: 'Loss',
  accuracy: 'Accuracy',
  train: 'train',
  test: 'test',
  step: (step) => `step ${step.toLocaleString('en')}`,
  bands: (nodeId, source) => `${nodeId}: ${source === 'preActivation' ? 'pre-activation' : 'output'} percentiles`,
  rankName: (rank) => (rank === 0 ? 'min' : rank === 100 ? 'max' : rank === 50 ? 'median' : `P${rank}`),
  outputHistogram: (nodeId) => `${nodeId}: output histogram`,
  weightHistogram: (nodeId) => `${nodeId}: weight histogram`,
  outside: (below, above, nan) => `outside the range: ${below} below, ${above} above${nan > 0 ? `, ${nan} NaN` : ''}`,
  notMeasured: 'Not measured yet.',
  depthProfile: 'Depth profile',
  layerIndex: 'layer',
  gradient: 'mean |dL/dW|',
  activationStd: 'activation std',
  layerHealth: 'Layer health',
  saturated: 'saturated',
  dead: 'dead units',
  updateRatio: 'update / weight',
  theory: 'Dense output std: theory and measurement',
  predicted: 'predicted from the initializer',
  predictedNow: 'predicted from W now',
  measured: 'measured',
  batchNorm: (nodeId) => `${nodeId}: BatchNorm`,
  inputMean: 'batch mean in',
  inputStd: 'batch std in',
  outputMean: 'mean out',
  outputStd: 'std out',
  batchMean: 'batch mean',
  runningMean: 'running mean',
  batchVariance: 'batch variance',
  runningVariance: 'running variance',
  gamma: 'γ',
  beta: 'β',
  unit: 'unit',
  decisionBoundary: 'Decision boundary',
  sample: (split, index, label) => `${split === 'train' ? 'Training' : 'Test'} example ${index} (label ${label}) through the network`,
  sampleInput: 'input',
  firstWeights: (nodeId, shown, units) => `${nodeId}: the weights of ${shown === units ? `its ${units}` : `${shown} of its ${units}`} units, each drawn like the input`,
  layerOutputs: 'Each layer’s output for this example',
  samplePicker: 'Example',
  sampleSplit: 'Split of the example to look at',
  sampleIndex: 'Number of the example',
  samplePrevious: 'Previous example',
  sampleNext: 'Next example',
  sampleTitle: 'An example through the network',
  probeWaiting: 'Waiting for the model…',
  probeProblem: (message) => `Not updated: ${message}`,
  pin: 'Pin',
  unpin: 'Unpin',
  hide: 'Hide',
  show: 'Show',
  rename: 'Run name',
  exportJson: 'JSON',
  exportCsv: 'CSV',
  exportPng: 'PNG',
  exportSvg: 'SVG',
  status: { queued: 'queued', starting: 'starting', running: 'training', paused: 'paused', stopped: 'stopped', finished: 'finished', diverged: 'diverged', failed: 'failed' },
  compare: 'Compare…',
  compareTitle: 'Compare variants: same seed, same batches, one thing changed',
  axis: 'Vary',
  axes: { document: 'the document’s variants', initializer: 'initializer', batchnorm: 'BatchNorm on / off', dropout: 'dropout rate', activation: 'activation', learningRate: 'learning rate' },
  values: 'Values',
  numbersHint: 'separated by commas',
  batchnormBoth: 'One run with the BatchNorm nodes, one without.',
  start: (count) => `Train ${count} run${count === 1 ? '' : 's'}`,
  cancel: 'Cancel',
};

const ru: InstrumentsText = {
  title: 'Приборы',
  editor: 'Редактор',
  workspace: 'Рабочая область',
  empty: 'Запустите обучение или сравнение вариантов, чтобы заглянуть в каждый слой.',
  columns: 'Столбцы',
  overlay: 'Наложение',
  layoutLabel: 'Раскладка',
  node: 'Узел',
  logScale: 'Логарифмическая шкала',
  loss: 'Потери',
  accuracy: 'Точность',
  train: 'обучение',
  test: 'тест',
  step: (step) => `шаг ${step.toLocaleString('ru')}`,
  bands: (nodeId, source) => `${nodeId}: перцентили ${source === 'preActivation' ? 'входа активации' : 'выхода'}`,
  rankName: (rank) => (rank === 0 ? 'мин' : rank === 100 ? 'макс' : rank === 50 ? 'медиана' : `P${rank}`),
  outputHistogram: (nodeId) => `${nodeId}: гистограмма выхода`,
  weightHistogram: (nodeId) => `${nodeId}: гистограмма весов`,
  outside: (below, above, nan) => `вне диапазона: ${below} ниже, ${above} выше${nan > 0 ? `, ${nan} NaN` : ''}`,
  notMeasured: 'Ещё не измерено.',
  depthProfile: 'Профиль по глубине',
  layerIndex: 'слой',
  gradient: 'средний |dL/dW|',
  activationStd: 'СКО активаций',
  layerHealth: 'Состояние слоёв',
  saturated: 'насыщено',
  dead: 'мёртвые нейроны',
  updateRatio: 'шаг / вес',
  theory: 'СКО выхода Dense: теория и измерение',
  predicted: 'по инициализации',
  predictedNow: 'по текущим весам',
  measured: 'измерено',
  batchNorm: (nodeId) => `${nodeId}: BatchNorm`,
  inputMean: 'среднее батча на входе',
  inputStd: 'СКО батча на входе',
  outputMean: 'среднее на выходе',
  outputStd: 'СКО на выходе',
  batchMean: 'среднее батча',
  runningMean: 'скользящее среднее',
  batchVariance: 'дисперсия батча',
  runningVariance: 'скользящая дисперсия',
  gamma: 'γ',
  beta: 'β',
  unit: 'нейрон',
  decisionBoundary: 'Граница решений',
  sample: (split, index, label) => `${split === 'train' ? 'Обучающий' : 'Тестовый'} пример ${index} (метка ${label}) сквозь сеть`,
  sampleInput: 'вход',
  firstWeights: (nodeId, shown, units) => `${nodeId}: веса ${shown === units ? `всех ${units}` : `${shown} из ${units}`} нейронов, каждый нарисован как вход`,
  layerOutputs: 'Выход каждого слоя для этого примера',
  samplePicker: 'Пример',
  sampleSplit: 'Из какой выборки взять пример',
  sampleIndex: 'Номер примера',
  samplePrevious: 'Предыдущий пример',
  sampleNext: 'Следующий пример',
  sampleTitle: 'Пример сквозь сеть',
  probeWaiting: 'Ждём модель…',
  probeProblem: (message) => `Не обновлено: ${message}`,
  pin: 'Закрепить',
  unpin: 'Открепить',
  hide: 'Скрыть',
  show: 'Показать',
  rename: 'Название запуска',
  exportJson: 'JSON',
  exportCsv: 'CSV',
  exportPng: 'PNG',
  exportSvg: 'SVG',
  status: { queued: 'в очереди', starting: 'запуск', running: 'обучение', paused: 'пауза', stopped: 'остановлен', finished: 'завершён', diverged: 'расходится', failed: 'ошибка' },
  compare: 'Сравнить…',
  compareTitle: 'Сравнение вариантов: то же зерно, те же батчи, меняется одно',
  axis: 'Менять',
  axes: { document: 'варианты документа', initializer: 'инициализацию', batchnorm: 'BatchNorm вкл. / выкл.', dropout: 'долю dropout', activation: 'активацию', learningRate: 'скорость обучения' },
  values: 'Значения',
  numbersHint: 'через запятую',
  batchnormBoth: 'Один запуск с узлами BatchNorm, другой без них.',
  start: (count) => `Обучить: ${count}`,
  cancel: 'Отмена',
};

export const INSTRUMENTS_TEXT: Record<Locale, InstrumentsText> = { en, ru };

export function useInstrumentsText(): InstrumentsText {
  return INSTRUMENTS_TEXT[useLocale()];
}
