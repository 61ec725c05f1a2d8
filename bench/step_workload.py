# A teacher's kind of program, 20,000 lines when stepped: a cache that grows
# (a dict of lists, as in a memory-leak lesson), a list built by appending,
# and a small class whose instances link up.
class Node:
    def __init__(self, value, nxt=None):
        self.value = value
        self.next = nxt

cache = {}
def lookup(n):
    if n not in cache:
        cache[n] = [n] * 10
    return cache[n]

chain = None
squares = []
for i in range(2500):
    lookup(i % 2000)
    squares.append(i * i)
    chain = Node(i, chain if i % 100 else None)
print(len(cache), len(squares), chain.value)
