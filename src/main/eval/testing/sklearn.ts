// Test-only: Cohen's kappa by scikit-learn (Debian's python3-sklearn; .ci/run installs it), the
// independent reference the agreement figures are checked against. Missing python or sklearn
// fails the test with how to get them, never a silent skip.
import { spawnSync } from 'node:child_process'
import { runPython } from '../../export/testing/python'

const PYTHON = process.env.ZEBRA_TEST_PYTHON ?? '/usr/bin/python3'

export function assertSklearn(): void {
  const r = spawnSync(PYTHON, ['-c', 'import sklearn; print(sklearn.__version__)'], {
    encoding: 'utf8',
    timeout: 120_000
  })
  if (r.status !== 0)
    throw new Error(
      `The agreement tests compare with scikit-learn, and ${PYTHON} cannot import it` +
        ` (${(r.error?.message ?? r.stderr).trim().split('\n').pop()}). Install it: apt-get install python3-sklearn` +
        ' (or point ZEBRA_TEST_PYTHON at a python3 that has scikit-learn).'
    )
}

const SCRIPT = `
import json, math, sys, warnings
from sklearn.metrics import cohen_kappa_score
warnings.simplefilter('ignore')
out = []
for a, b in json.loads(sys.argv[1]):
    k = float(cohen_kappa_score(a, b))
    out.append(None if math.isnan(k) else k)
print(json.dumps(out))
`

/** sklearn.metrics.cohen_kappa_score of each pair of label lists (null where sklearn gives NaN). */
export function sklearnKappas(pairs: [(number | string)[], (number | string)[]][]): (number | null)[] {
  return runPython<(number | null)[]>(SCRIPT, [JSON.stringify(pairs)])
}
