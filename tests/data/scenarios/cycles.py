# Small graphs through the collector: a cycle of two, a cycle held from
# outside, a self-reference, and a chain hanging off a cycle.
import gc


class Node:
    __slots__ = ('next', 'data')


gc.collect()
a = []
b = []
a.append(b)
b.append(a)
del a, b
print('cycle of two:', gc.collect())

a = Node()
b = Node()
a.next = b
b.next = a
keep = a
del a, b
print('held from outside:', gc.collect())
del keep
print('released:', gc.collect())

s = []
s.append(s)
del s
print('self-reference:', gc.collect())

c1 = {}
c2 = {}
c1['other'] = c2
c2['other'] = c1
c2['chain'] = [[1], [2, [3]]]
del c1, c2
print('chain off a cycle:', gc.collect())

t = ([], [])
t[0].append(t)
del t
print('through a tuple:', gc.collect(0), gc.get_count())
print(gc.collect(1), gc.collect(2), gc.get_count())
