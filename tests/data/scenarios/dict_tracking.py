# From ../shared/fixtures/scenarios/3.14: prints differently under 3.13 and 3.14
# (3.14 tracks every dict from creation, and tuples only when an item can be in a cycle).
import gc
gc.disable()
gc.collect()
a = []
a.append(a)
a.append({'x': 1, 'y': 2})
del a
print(gc.collect())
b = []
b.append(b)
b.append({'x': []})
del b
print(gc.collect())
d = dict()
d['k'] = 5
c = [d]
c.append(c)
del c
del d
print(gc.collect())
e = {'k': []}
e['k'] = 7
print(gc.collect())
f = [e]
f.append(f)
del f
del e
print(gc.collect())
