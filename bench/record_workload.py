# The recorder benchmark's workload (bench/record_bench.sh): about a second
# of plain Python doing what allocation-heavy programs do.
import gc
import random

random.seed(1)
d = {}
for i in range(300000):
    k = random.randrange(50000)
    if k in d:
        del d[k]
    else:
        d[k] = ('v' * (k % 100), [k] * (k % 5))
rows = [{'id': i, 'name': str(i), 'tags': [i % 7, i % 11]} for i in range(100000)]
text = ' '.join(r['name'] for r in rows)
del rows
print(len(d), len(text), gc.collect())
