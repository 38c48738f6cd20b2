import { useId } from 'react';
import { datasetShape, type DatasetShape } from '../../engine/data/dataset';
import { relevantFields } from '../../engine/document/nodes';
import { TRAINING_FIELDS } from '../../engine/document/settings';
import type { DatasetSpec, ParamValue, TrainingSettings } from '../../engine/document/types';
import { DATASET_FIELDS, PREPROCESSING_FIELDS } from '../../engine/document/datasets';
import { SELECTABLE_DATASET_KINDS, datasetWithDefaults } from '../document/datasets';
import { useT } from '../i18n';
import { useAppStore, useServices } from '../services';
import { RegistryField } from './fields';

function shapeOf(dataset: DatasetSpec): DatasetShape | null {
  try {
    return datasetShape(dataset);
  } catch {
    return null;
  }
}

function DatasetSettings() {
  const { store } = useServices();
  const t = useT();
  const kindId = useId();
  const dataset = useAppStore((state) => state.document.dataset);
  const shape = shapeOf(dataset);
  const values = dataset as unknown as Record<string, ParamValue>;
  const kinds = SELECTABLE_DATASET_KINDS.includes(dataset.kind) ? SELECTABLE_DATASET_KINDS : [...SELECTABLE_DATASET_KINDS, dataset.kind];
  const fields = [...relevantFields(DATASET_FIELDS[dataset.kind], values), ...relevantFields(PREPROCESSING_FIELDS, values)];

  return (
    <section className="settings-section" data-testid="dataset-settings">
      <h2 className="panel-title">{t.settings.dataset}</h2>
      <div className="field">
        <label htmlFor={kindId}>{t.settings.datasetKind}</label>
        <select
          id={kindId}
          className="field__input"
          value={dataset.kind}
          onChange={(event) => store.getState().setDataset(datasetWithDefaults(event.target.value as DatasetSpec['kind'], dataset))}
          data-testid="dataset-kind"
        >
          {kinds.map((kind) => (
            <option key={kind} value={kind}>
              {t.settings.datasetKinds[kind] ?? kind}
            </option>
          ))}
        </select>
      </div>
      {shape && <p className="inspector__description">{t.settings.datasetShape(shape.width, shape.classes)}</p>}
      {fields.map((field) => (
        <RegistryField
          key={`${dataset.kind}:${field.name}`}
          scope="dataset"
          field={field}
          value={values[field.name]}
          onCommit={(value) => store.getState().updateDataset({ [field.name]: value } as Partial<DatasetSpec>)}
          onDone={() => store.getState().endGesture()}
        />
      ))}
    </section>
  );
}

/** The dataset and the training settings, shown while no node is selected; every field from the registry tables. */
export function DocumentSettings() {
  const { store } = useServices();
  const t = useT();
  const training = useAppStore((state) => state.document.training);

  return (
    <>
      <DatasetSettings />
      <section className="settings-section" data-testid="training-settings">
        <h2 className="panel-title">{t.settings.training}</h2>
        {relevantFields(TRAINING_FIELDS, training as unknown as Record<string, unknown>).map((field) => (
          <RegistryField
            key={field.name}
            scope="training"
            field={field}
            value={training[field.name as keyof TrainingSettings]}
            onCommit={(value) => store.getState().updateTraining({ [field.name]: value } as Partial<TrainingSettings>)}
            onDone={() => store.getState().endGesture()}
          />
        ))}
        <p className="inspector__hint">{t.inspector.hint}</p>
      </section>
      <ExportSettings />
    </>
  );
}

/** Export to PyTorch (docs/EXPORT.md); the hint says whether the last run's weights go along. */
function ExportSettings() {
  const { commands } = useServices();
  const t = useT();
  const trained = useAppStore((state) => state.runStep > 0);
  return (
    <section className="settings-section" data-testid="export-settings">
      <button type="button" className="button" onClick={() => void commands.exportToPyTorch()} data-testid="export-pytorch">
        {t.settings.exportPyTorch}
      </button>
      <p className="inspector__description">{t.settings.exportPyTorchHint(trained)}</p>
    </section>
  );
}
