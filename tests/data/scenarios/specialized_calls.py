# 3.12+ specialize a call site on its second run, and the specialized len()
# and list.append skip the eval-breaker check that follows other C calls,
# so a scheduled collection waits for the loop's jump back.
import gc
gc.collect()
gc.set_threshold(3, 5, 5)
out = []
for i in range(6):
    x = [[], [], []]
    n = len(x)
    y = []
    out.append(gc.get_count())
print(out)
keep = []
res = []
for i in range(6):
    z = [[], [], []]
    keep.append(i)
    w = []
    res.append(gc.get_count())
print(res)
