# Lesson: a reference cycle survives `del` until the collector runs.
# Two lists refer to each other. `del` drops the names, but each list still
# holds the other, so neither count reaches zero and nothing is freed. Only
# the cyclic collector finds them: subtract_refs leaves gc_refs == 0 for
# both, move_unreachable puts them on the unreachable list, and
# delete_garbage frees them. gc.collect() returns how many it found.
import gc

gc.collect()
a = []
b = []
a.append(b)
b.append(a)
del a
del b
print('after del:', gc.get_count())
print('collected:', gc.collect())
