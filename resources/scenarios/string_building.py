# Lesson: building a string with + versus ''.join.
# At module level (3.11 and later) each `s = s + 'x' * 10` makes a new
# string one piece longer and frees the old one: many allocations, each
# bigger. (3.8-3.10 grow `s` in place instead, a realloc each time, as 3.11+
# do inside functions.) ''.join measures the pieces first and allocates the
# result once.
import sys

s = ''
for i in range(30):
    s = s + 'x' * 10
parts = []
for i in range(30):
    parts.append('x' * 10)
t = ''.join(parts)
print(len(s), len(t), sys.getsizeof(s), sys.getsizeof(t))
