# Lesson: one surviving object keeps a whole arena.
# Thousands of small strings fill an arena; all but one are released. The
# arena's pools empty out, but the one live block keeps its pool in use and
# so the whole arena stays mapped: the process does not give it back.
import gc

gc.collect()
blocks = []
for i in range(12000):
    blocks.append('x' * 60 + str(i))
survivor = blocks[5000]
del blocks
print(len(survivor))
