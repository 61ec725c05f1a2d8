# What a class statement leaves behind, counted by the collector: the type,
# its dict, bases, MRO, ht_slots, one member descriptor per slot and the
# weakref in object.__subclasses__(), plus the temporaries that
# __build_class__ and type_new make and drop (free lists keep some of them).
import gc

gc.collect()
print(gc.get_count())


class A:
    __slots__ = ('x', 'y')


print('first class:', gc.get_count())


class B:
    __slots__ = ('x', 'y')


print('second class:', gc.get_count())


class E:
    __slots__ = ()


print('no slots:', gc.get_count())


class F:
    __slots__ = 'z'


print('one slot as a string:', gc.get_count())


class H:
    'A docstring.'
    __slots__ = ('d', 'c', 'b', 'a')


print('docstring, four slots:', gc.get_count())
print(gc.collect())

# A class is a cycle (type -> MRO -> type, type -> dict -> descriptor ->
# type): del does not free it; the next collection does.
del A
print('A:', gc.collect())
del E
print('E:', gc.collect())
del F, H
print('F and H:', gc.collect())

# An instance keeps its class alive; once it goes, the class is garbage.
b = B()
b.x = [1]
del B
print('B with an instance:', gc.collect(0), gc.get_count())
del b
print('B alone:', gc.collect(), gc.get_count())


class G:
    'Collected right away.'
    __slots__ = ('__private', 'public')


del G
print('G, never collected before:', gc.collect(), gc.get_count())
