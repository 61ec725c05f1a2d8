# Lesson: a freed block is handed out again first.
# Each pool keeps a LIFO free list: the block of the string deleted last is
# the first one the next string of the same size class gets. (Watch the
# pool's pages in the heap view: the address repeats.)
a = 'a' * 40
b = 'b' * 40
c = 'c' * 40
del b
d = 'd' * 40
del a
del c
e = 'e' * 40
f = 'f' * 40
print(len(d), len(e), len(f))
