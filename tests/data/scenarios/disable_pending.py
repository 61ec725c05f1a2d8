# gc.disable() after generation 0 passed its threshold: up to 3.11 the
# collection already ran inside the allocation; 3.12 schedules it for the
# next eval-breaker check and runs it even though the collector is disabled
# by then; 3.13 checks gc.isenabled() first and skips it.
import gc

gc.collect()
gc.set_threshold(4, 2, 1)
before = gc.get_count()
r = [[], {}, (7, []), []]
gc.disable()
after = gc.get_count()
gc.enable()
print(before, after)
print(gc.collect(), gc.get_count())
