# Lesson: generation 0 passing its threshold starts a collection.
# Every new container adds one to generation 0's count; when the count
# passes the threshold (700 up to 3.12, 2000 in 3.13) the next allocation
# collects generation 0 first, and the survivors move to generation 1,
# whose count goes up by one.
import gc

gc.collect()
keep = []
for i in range(699):
    keep.append([])
before = gc.get_count()
keep.append([])
keep.append([])
after = gc.get_count()
print(before, after, gc.get_threshold())
