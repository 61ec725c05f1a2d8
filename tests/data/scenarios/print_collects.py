# Printing under a tiny generation-0 threshold: print's own allocations
# (the stream's bound write method, the repr machinery) pass the threshold,
# and where the collection runs differs: inside the allocation up to 3.11,
# at the next PyErr_CheckSignals (PyObject_Str/PyObject_Repr) from 3.12.
import gc

gc.collect()
gc.set_threshold(3, 2, 2)
a = [1]
b = [2]
c = [3]
print((a, 1), (b, 2))
print(gc.get_count())
t = (a, b)
u = (b, a)
print(t, u, sep=' | ')
print(gc.get_count())
d = {'k': [a, b], 'j': (c,)}
print(d, [d, [d]], end='.\n')
print(gc.get_count())
for i in range(5):
    print(i, [i], (i, [i]))
print(gc.get_count())
print(gc.collect(), gc.get_count())
