# Generation 0's count passes its threshold while lists are made: the
# allocation that makes the count exceed 700 runs a collection first.
import gc

gc.collect()
start = gc.get_count()
keep = []
for i in range(701):
    keep.append([])
after = gc.get_count()
for i in range(3000):
    keep.append([i])
later = gc.get_count()
print(start, after, later, gc.get_threshold())
gc.set_threshold(5, 2, 2)
junk = []
for i in range(40):
    junk.append((i, [i]))
counts = gc.get_count()
gc.disable()
for i in range(40):
    junk.append([])
disabled = gc.get_count()
print(counts, disabled, gc.isenabled())
gc.enable()
x = []
print(gc.get_count())
