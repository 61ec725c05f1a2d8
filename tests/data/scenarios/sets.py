# Sets print in the order of their hash table: an int's hash is the int
# (modulo 2**61 - 1), so small ints come out sorted, but bigger ones wrap
# around the table and collide; resizes reinsert in table order.
import gc

gc.collect()
a = {5, 3, 1}
print(a)
b = {8, 16, 0, 24, 1, 9}
print(b)
c = set()
for i in range(20):
    c.add(i * 7 % 23)
print(c)
d = {-1, -2, 2 ** 61, 2 ** 61 - 1, 2 ** 64 + 3, -(2 ** 62)}
print(d)
e = set()
for i in range(14):
    e.add(40 - 3 * i)
print(e)
f = {(1, 2), (2, 1), (0,), ()}
print(f, len(f))
g = set()
g.add(33)
g.add(1)
g.add(65)
g.add(97)
print(g, gc.get_count())
gc.set_threshold(2, 1, 1)
h = {1, 2, 3, 4, 5}
for i in range(3):
    print(h, {i, i + 32}, [h])
print(gc.get_count())
print(gc.collect(), gc.get_count())
