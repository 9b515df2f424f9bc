import type { CaseFigures } from './report';
import { ceilingReport } from './report';

const figures = (run: number, bareSeconds: number, cpu: Record<string, number>, pipelineSeconds: number, atOnceSeconds = bareSeconds): CaseFigures => ({
  label: '100 one-page PDFs',
  run,
  pages: 100,
  documents: 100,
  bare: { seconds: bareSeconds, pages: 100, chars: 250_000 },
  bareAtOnce: { threads: 2, seconds: atOnceSeconds, pages: 200 },
  pipeline: { seconds: pipelineSeconds, uploadSeconds: 0.2, firstSeconds: 0.1, documents: 100, pages: 100, peakBytes: null, peakIsThisCase: false, failed: [], cpu },
});

describe('ceilingReport', () => {
  it('bounds the ratio by cores × bare time ÷ the pipeline CPU time, and says how much of it was reached', () => {
    // 2 × 0.4 s ÷ 1.6 s = 0.50; the pipeline took 1.0 s against 0.4 s bare: 0.40, 80 % of the ceiling.
    const report = ceilingReport([figures(1, 0.4, { gateway: 0.1, 'doc-service': 1.2, postgres: 0.3 }, 1.0)], 2);
    expect(report).toMatch(/100 one-page PDFs\s+0\.40\s+2\.00×\s+1\.60\s+0\.50\s+0\.40\s+80%\s+≥ 0\.7 out of reach/);
  });

  it('takes the medians over the runs and calls a ceiling at or above the goal within reach', () => {
    const runs = [figures(1, 0.5, { all: 1.0 }, 0.6), figures(2, 0.5, { all: 1.4 }, 0.8), figures(3, 0.5, { all: 1.2 }, 0.7)];
    // Ceilings 1.00, 0.71, 0.83 → 0.83; ratios 0.83, 0.63, 0.71 → 0.71.
    expect(ceilingReport(runs, 2)).toMatch(/0\.50\s+2\.00×\s+1\.20\s+0\.83\s+0\.71\s+86%\s+≥ 0\.7 within reach/);
  });

  it('says how much faster the cores read all at once than one alone, and how the reader thread compares with the bare parse', () => {
    // Two threads read 200 pages in 0.25 s (800 pages/s) against 100 in 0.2 s alone (500): 1.60×;
    // the reader thread's 0.3 s of CPU against 0.2 s bare: 1.50×.
    const report = ceilingReport([figures(1, 0.2, { reader: 0.3, rest: 0.5 }, 0.5, 0.25)], 2, 'reader');
    expect(report).toMatch(/bare ×2 at once ÷ one\s+reader CPU ÷ bare s/);
    expect(report).toMatch(/100 one-page PDFs\s+0\.20\s+1\.60×\s+1\.50×\s+0\.80\s+0\.50\s+0\.40\s+80%/);
  });

  it('prints nothing without CPU figures (not Linux)', () => {
    expect(ceilingReport([figures(1, 0.4, {}, 1.0)], 2)).toBe('');
  });
});
