# Where 3.12+ runs a collection that an allocation scheduled: not when a
# Python function returns (its RESUME was the check), but after the next
# call of a C function, so the first gc.get_count() still sees the count.
import gc


def f():
    a = [[], [], [], [], [], []]
    return a


gc.collect()
gc.set_threshold(4, 2, 1)
b = f()
x = gc.get_count()
y = gc.get_count()
print(x, y)
for i in range(3):
    b = f()
    print(gc.get_count(), len(b))
print(gc.collect(), gc.get_count())
