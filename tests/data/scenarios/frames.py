# Calls and the collector's count. Up to 3.10 every call runs in a frame
# object: the first call of a function allocates one, which the code object
# then keeps (its "zombie" frame) for the next call; a call made while that
# frame is busy (recursion) needs another, which goes to a free list when it
# returns. From 3.11 frames are not objects at all.
import gc


def make(n):
    out = []
    for i in range(n):
        out.append([i])
    return out


def outer(k):
    a = make(k)
    b = make(k)
    return len(a) + len(b)


def nest(n, acc):
    acc.append([n])
    for i in range(1, n):
        nest(i, acc)
    return acc


gc.collect()
print(gc.get_count())
x = make(3)
print('first call:', gc.get_count())
y = make(3)
print('second call:', gc.get_count())
z = outer(2)
print('nested calls:', z, gc.get_count())
print(gc.collect(), gc.get_count())
z = outer(2)
print('again:', gc.get_count())
t = nest(4, [])
print('recursion:', len(t), gc.get_count())
t = nest(4, [])
print('recursion again:', len(t), gc.get_count())
print(gc.collect(), gc.get_count())
t = nest(3, [])
print('after a full collection:', len(t), gc.get_count())
