# sys.getsizeof of the objects scenarios make: lists (displays, list(),
# growth by append), tuples, dicts (str and int keys, growth), sets, str,
# bytes, ints and a __slots__ instance. Must match the real interpreter.
import sys


class Point:
    __slots__ = ('x', 'y')


a = []
sizes = []
for i in range(40):
    sizes.append(sys.getsizeof(a))
    a.append(i)
print(sizes)
print(sys.getsizeof([]), sys.getsizeof([1, 2]), sys.getsizeof([1, 2, 3]), sys.getsizeof(list()))
print(sys.getsizeof(list(range(5))), sys.getsizeof([0] * 10), sys.getsizeof(a + a), sys.getsizeof(list(a)))
print(sys.getsizeof(()), sys.getsizeof((1,)), sys.getsizeof((a, a, a)))
d = {}
e = {}
ds = []
es = []
for i in range(30):
    ds.append(sys.getsizeof(d))
    es.append(sys.getsizeof(e))
    d['k' + str(i)] = i
    e[i + 1000] = i
print(ds)
print(es)
print(sys.getsizeof({}), sys.getsizeof(dict()), sys.getsizeof({'a': 1}), sys.getsizeof({1: 1}))
print(sys.getsizeof({'a': 1, 'b': 2, 'c': 3, 'd': 4, 'e': 5, 'f': 6}), sys.getsizeof(dict(a=1, b=2)))
s = set()
ss = []
for i in range(40):
    ss.append(sys.getsizeof(s))
    s.add(i)
print(ss)
print(sys.getsizeof({1, 2, 3}), sys.getsizeof({1, 2, 3, 4, 5, 6}), sys.getsizeof(set([1, 2])))
print(sys.getsizeof(''), sys.getsizeof('abc'), sys.getsizeof('x' * 100), sys.getsizeof(b''), sys.getsizeof(b'\0' * 50))
print(sys.getsizeof(0), sys.getsizeof(1), sys.getsizeof(2 ** 30), sys.getsizeof(2 ** 60), sys.getsizeof(-5), sys.getsizeof(10 ** 30))
p = Point()
p.x = 1
print(sys.getsizeof(p), sys.getsizeof(True), sys.getsizeof(None))
