# From ../shared/fixtures/scenarios/3.14: prints differently under 3.13 and 3.14
# (3.14 tracks every dict from creation, and tuples only when an item can be in a cycle).
import gc
gc.disable()
print(gc.get_threshold())
gc.collect()
print(gc.get_count())
gc.collect(0)
print(gc.get_count())
gc.collect(0)
print(gc.get_count())
gc.collect(1)
print(gc.get_count())
gc.collect(2)
print(gc.get_count())
a = []
a.append(a)
a.append({'k': 1})
a.append({'k': []})
del a
print(gc.collect(0))
b = []
b.append(b)
b.append({'k': 2})
gc.collect(0)
del b
print(gc.collect(0))
print(gc.collect(1))
print(gc.collect(2))
gc.set_threshold(100, 5, 5)
print(gc.get_threshold())
gc.collect()
gc.set_threshold(10, 2, 2)
gc.enable()
for i in range(30):
    a = []
    a.append(a)
    a.append({'k': i})
gc.disable()
print(gc.get_count())
print(gc.collect())
