# Lesson: building a string with + versus ''.join.
# At module level each `s = s + 'x' * 10` makes a new string one piece
# longer and frees the old one: many allocations, each bigger. ''.join
# measures the pieces first and allocates the result once.
import sys

s = ''
for i in range(30):
    s = s + 'x' * 10
parts = []
for i in range(30):
    parts.append('x' * 10)
t = ''.join(parts)
print(len(s), len(t), sys.getsizeof(s), sys.getsizeof(t))
