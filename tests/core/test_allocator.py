"""tune_allocator: every thread's large blocks come from one heap that keeps them (glibc only)."""

import subprocess
import sys

import pytest

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's mallopt")

# In a fresh interpreter (an arena is chosen per thread, once): a thread allocates and
# frees 100 MiB, more than one of a thread arena's 64 MiB heaps can hold.
CODE = """
import ctypes, os, tempfile, threading
import numpy as np
from actviewer.core.allocator import tune_allocator

if not tune_allocator():
    raise SystemExit(3)  # not glibc
libc = ctypes.CDLL("libc.so.6")

def work():
    block = np.ones(100 * 2**20 // 4, dtype=np.float32)
    del block

thread = threading.Thread(target=work)
thread.start()
thread.join()
libc.fopen.restype = ctypes.c_void_p
libc.fopen.argtypes = [ctypes.c_char_p, ctypes.c_char_p]
libc.malloc_info.argtypes = [ctypes.c_int, ctypes.c_void_p]
libc.fclose.argtypes = [ctypes.c_void_p]
path = os.path.join(tempfile.mkdtemp(), "info.xml")
stream = libc.fopen(path.encode(), b"w")
libc.malloc_info(0, stream)
libc.fclose(stream)
print(open(path).read())
"""


def test_a_threads_large_block_stays_in_the_one_heap():
    done = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True, timeout=120)
    if done.returncode == 3:
        pytest.skip("not glibc")
    assert done.returncode == 0, done.stderr
    info = done.stdout
    assert info.count("<heap nr=") == 1  # the main arena only: the thread made none of its own
    # freed, the block was kept rather than unmapped: the heap still holds its 100 MiB
    current = int(info.split('<system type="current" size="')[-1].split('"')[0])
    assert current >= 100 * 2**20


RELEASE = """
import sys, threading
from actviewer.core.allocator import release_memory, tune_allocator
import numpy as np

def resident_mib():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * 4096 / 2**20

if not tune_allocator():
    raise SystemExit(3)
base = resident_mib()
def work(mib):
    block = np.ones(mib * 2**20 // 4, dtype=np.float32)
    del block
for mib in (100, 300):
    thread = threading.Thread(target=work, args=(mib,))
    thread.start()
    thread.join()
    kept = resident_mib() - base
    released = release_memory()
    print(round(kept), round(resident_mib() - base), released)
"""


def test_release_memory_gives_a_big_computations_memory_back_and_leaves_a_small_ones():
    done = subprocess.run([sys.executable, "-c", RELEASE], capture_output=True, text=True, timeout=120)
    if done.returncode == 3:
        pytest.skip("not glibc")
    assert done.returncode == 0, done.stderr
    small, big = (line.split() for line in done.stdout.splitlines())
    # 100 MiB free, under RELEASE_MIN_FREE: kept for the next computation
    assert float(small[0]) >= 90 and float(small[1]) >= 90 and small[2] == "False"
    # 300 MiB free: given back
    assert float(big[0]) >= 290 and float(big[1]) <= 10 and big[2] == "True"
