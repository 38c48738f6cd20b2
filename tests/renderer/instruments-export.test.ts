import { describe, expect, it } from 'vitest';
import { bandsCsv, fileStem, metricsCsv, runStatistics, seriesCsv, toCsv } from '../../renderer/instruments/exportData';
import { RunHistory } from '../../renderer/instruments/history';
import { distributionBands } from '../../renderer/instruments/series';
import { INSTRUMENTS, nodeStats, planOf, statsFrame, trainedFrames } from './instruments-support';

describe('CSV', () => {
  it('quotes what needs quoting and leaves missing values empty', () => {
    expect(toCsv(['name', 'value'], [['a "b", c', 1.5], ['plain', null], ['nan', NaN]])).toBe('name,value\r\n"a ""b"", c",1.5\r\nplain,\r\nnan,\r\n');
    expect(() => toCsv(['a'], [[1, 2]])).toThrow(/row 0 has 2 cells, the header 1/);
  });

  it('joins several runs’ series on the step', () => {
    const csv = seriesCsv([
      { name: 'he-normal', points: [{ step: 10, value: 1 }, { step: 20, value: 0.5 }] },
      { name: 'xavier', points: [{ step: 20, value: 2 }, { step: 30, value: null }] },
    ]);
    expect(csv).toBe('step,he-normal,xavier\r\n10,1,\r\n20,0.5,2\r\n30,,\r\n');
  });

  it('writes a band per rank and every metric point', () => {
    const plan = planOf();
    const history = new RunHistory(plan, INSTRUMENTS);
    history.appendFrame(statsFrame(5, [nodeStats('act1', { percentiles: [-2, -1, 0.25, 1, 3] })]));
    expect(bandsCsv(history.ranks, distributionBands(history, 'act1')!.points)).toBe('step,p0,p15,p50,p85,p100\r\n5,-2,-1,0.25,1,3\r\n');
    const trained = new RunHistory(plan, INSTRUMENTS);
    for (const frame of trainedFrames(plan, 2)) trained.appendFrame(frame);
    const lines = metricsCsv(trained).trim().split('\r\n');
    expect(lines[0]).toBe('split,step,loss,accuracy');
    expect(lines).toHaveLength(1 + 10 + 2);
    expect(lines[11]).toMatch(/^test,5,/);
  });

  it('makes file names of free text', () => {
    expect(fileStem('J. Xavier / He: 30 layers?')).toBe('J. Xavier He 30 layers');
    expect(fileStem('  ')).toBe('netoscope');
  });
});

describe('run statistics JSON', () => {
  it('holds every series of every node, JSON-safe', () => {
    const plan = planOf();
    const history = new RunHistory(plan, INSTRUMENTS);
    for (const frame of trainedFrames(plan, 3)) history.appendFrame(frame);
    const stats = runStatistics(history, { runId: 'run-1', name: 'tanh', status: 'finished' });
    const parsed = JSON.parse(JSON.stringify(stats)) as typeof stats;
    expect(parsed.run).toEqual({ runId: 'run-1', name: 'tanh', status: 'finished', step: 15, epoch: 1 });
    expect(parsed.percentileRanks).toEqual([0, 15, 50, 85, 100]);
    expect(parsed.train.step).toHaveLength(15);
    expect(parsed.measurementSteps).toEqual([5, 10, 15]);
    const act1 = parsed.nodes.find((node) => node.nodeId === 'act1')!;
    expect(act1).toMatchObject({ kind: 'activation', fn: 'tanh', width: 32 });
    expect(act1.series.dead).toEqual([null, null, null]);
    expect(act1.percentiles[2]).toHaveLength(5);
    expect(act1.latestHistogram!.counts).toHaveLength(10);
    const dense1 = parsed.nodes.find((node) => node.nodeId === 'dense1')!;
    expect(dense1.latestWeightHistogram!.counts).toHaveLength(10);
    expect(dense1.series.weightGradientMeanAbs.every((value) => value! > 0)).toBe(true);
  });
});
