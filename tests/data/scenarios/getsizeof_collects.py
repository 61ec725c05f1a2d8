# sys.getsizeof and str(int) under a tiny threshold: the bound __sizeof__
# method is a GC object, so it can start a collection; str(int) makes a
# scratch PyLong before the string.
import gc
import sys

gc.collect()
gc.set_threshold(2, 1, 1)
a = [[1], [2]]
for i in range(6):
    b = [i, [i]]
    print(sys.getsizeof(b), gc.get_count())
    print(str(i * 1000), gc.get_count())
print(gc.collect(), gc.get_count())
