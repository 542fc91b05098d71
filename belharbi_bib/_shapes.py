"""The compiled ``__init__`` of each shape of the package's data classes.

Written by :func:`belharbi_bib.structs.shapes_module` from the shapes of the classes
the package defines (``BELHARBI_BIB_UPDATE_GOLDEN=1 pytest tests/test_structs.py``
writes it again); do not edit. A shape not here is compiled when its class is made.
"""

# ruff: noqa
# mypy: ignore-errors
# pylint: skip-file
# fmt: off

SHAPES = {}

def __init__(self):
    pass
SHAPES['def __init__(self):\n    pass'] = __init__.__code__

def __init__(self, n0, n1):
    _set(self, 'n0', n0)
    _set(self, 'n1', n1)
SHAPES["def __init__(self, n0, n1):\n    _set(self, 'n0', n0)\n    _set(self, 'n1', n1)"] = __init__.__code__

def __init__(self, n0, n1):
    self.n0 = n0
    self.n1 = n1
SHAPES['def __init__(self, n0, n1):\n    self.n0 = n0\n    self.n1 = n1'] = __init__.__code__

def __init__(self, n0, n1, n2):
    _set(self, 'n0', n0)
    _set(self, 'n1', n1)
    _set(self, 'n2', n2)
SHAPES["def __init__(self, n0, n1, n2):\n    _set(self, 'n0', n0)\n    _set(self, 'n1', n1)\n    _set(self, 'n2', n2)"] = __init__.__code__

def __init__(self, n0, n1, n2, n3):
    _set(self, 'n0', n0)
    _set(self, 'n1', n1)
    _set(self, 'n2', n2)
    _set(self, 'n3', n3)
SHAPES["def __init__(self, n0, n1, n2, n3):\n    _set(self, 'n0', n0)\n    _set(self, 'n1', n1)\n    _set(self, 'n2', n2)\n    _set(self, 'n3', n3)"] = __init__.__code__

def __init__(self, n0, n1, n2, n3, n4, n5):
    self.n0 = n0
    self.n1 = n1
    self.n2 = n2
    self.n3 = n3
    self.n4 = n4
    self.n5 = n5
SHAPES['def __init__(self, n0, n1, n2, n3, n4, n5):\n    self.n0 = n0\n    self.n1 = n1\n    self.n2 = n2\n    self.n3 = n3\n    self.n4 = n4\n    self.n5 = n5'] = __init__.__code__

def __init__(self, n0, n1, n2, n3, n4, n5, n6, n7, n8):
    _set(self, 'n0', n0)
    _set(self, 'n1', n1)
    _set(self, 'n2', n2)
    _set(self, 'n3', n3)
    _set(self, 'n4', n4)
    _set(self, 'n5', n5)
    _set(self, 'n6', n6)
    _set(self, 'n7', n7)
    _set(self, 'n8', n8)
SHAPES["def __init__(self, n0, n1, n2, n3, n4, n5, n6, n7, n8):\n    _set(self, 'n0', n0)\n    _set(self, 'n1', n1)\n    _set(self, 'n2', n2)\n    _set(self, 'n3', n3)\n    _set(self, 'n4', n4)\n    _set(self, 'n5', n5)\n    _set(self, 'n6', n6)\n    _set(self, 'n7', n7)\n    _set(self, 'n8', n8)"] = __init__.__code__

def __init__(self, n0, n1, n2, n3, n4, n5, n6, n7, n8, n9, n10, n11, n12=None, n13=None, n14=None):
    _set(self, 'n0', n0)
    _set(self, 'n1', n1)
    _set(self, 'n2', n2)
    _set(self, 'n3', n3)
    _set(self, 'n4', n4)
    _set(self, 'n5', n5)
    _set(self, 'n6', n6)
    _set(self, 'n7', n7)
    _set(self, 'n8', n8)
    _set(self, 'n9', n9)
    _set(self, 'n10', n10)
    _set(self, 'n11', n11)
    _set(self, 'n12', n12)
    _set(self, 'n13', n13)
    _set(self, 'n14', n14)
SHAPES["def __init__(self, n0, n1, n2, n3, n4, n5, n6, n7, n8, n9, n10, n11, n12=None, n13=None, n14=None):\n    _set(self, 'n0', n0)\n    _set(self, 'n1', n1)\n    _set(self, 'n2', n2)\n    _set(self, 'n3', n3)\n    _set(self, 'n4', n4)\n    _set(self, 'n5', n5)\n    _set(self, 'n6', n6)\n    _set(self, 'n7', n7)\n    _set(self, 'n8', n8)\n    _set(self, 'n9', n9)\n    _set(self, 'n10', n10)\n    _set(self, 'n11', n11)\n    _set(self, 'n12', n12)\n    _set(self, 'n13', n13)\n    _set(self, 'n14', n14)"] = __init__.__code__

def __init__(self, n0, n1, n2, n3, n4, n5, n6, n7, n8=None):
    _set(self, 'n0', n0)
    _set(self, 'n1', n1)
    _set(self, 'n2', n2)
    _set(self, 'n3', n3)
    _set(self, 'n4', n4)
    _set(self, 'n5', n5)
    _set(self, 'n6', n6)
    _set(self, 'n7', n7)
    _set(self, 'n8', n8)
SHAPES["def __init__(self, n0, n1, n2, n3, n4, n5, n6, n7, n8=None):\n    _set(self, 'n0', n0)\n    _set(self, 'n1', n1)\n    _set(self, 'n2', n2)\n    _set(self, 'n3', n3)\n    _set(self, 'n4', n4)\n    _set(self, 'n5', n5)\n    _set(self, 'n6', n6)\n    _set(self, 'n7', n7)\n    _set(self, 'n8', n8)"] = __init__.__code__

def __init__(self, n0, n1, n2, n3, n4, n5, n6=None, n7=None, n8=None, n9=None):
    _set(self, 'n0', n0)
    _set(self, 'n1', n1)
    _set(self, 'n2', n2)
    _set(self, 'n3', n3)
    _set(self, 'n4', n4)
    _set(self, 'n5', n5)
    _set(self, 'n6', n6)
    _set(self, 'n7', n7)
    _set(self, 'n8', n8)
    _set(self, 'n9', n9)
SHAPES["def __init__(self, n0, n1, n2, n3, n4, n5, n6=None, n7=None, n8=None, n9=None):\n    _set(self, 'n0', n0)\n    _set(self, 'n1', n1)\n    _set(self, 'n2', n2)\n    _set(self, 'n3', n3)\n    _set(self, 'n4', n4)\n    _set(self, 'n5', n5)\n    _set(self, 'n6', n6)\n    _set(self, 'n7', n7)\n    _set(self, 'n8', n8)\n    _set(self, 'n9', n9)"] = __init__.__code__

def __init__(self, n0, n1, n2, n3, n4, n5=None):
    _set(self, 'n0', n0)
    _set(self, 'n1', n1)
    _set(self, 'n2', n2)
    _set(self, 'n3', n3)
    _set(self, 'n4', n4)
    _set(self, 'n5', n5)
SHAPES["def __init__(self, n0, n1, n2, n3, n4, n5=None):\n    _set(self, 'n0', n0)\n    _set(self, 'n1', n1)\n    _set(self, 'n2', n2)\n    _set(self, 'n3', n3)\n    _set(self, 'n4', n4)\n    _set(self, 'n5', n5)"] = __init__.__code__

def __init__(self, n0, n1, n2, n3, n4, n5=None, n6=None):
    _set(self, 'n0', n0)
    _set(self, 'n1', n1)
    _set(self, 'n2', n2)
    _set(self, 'n3', n3)
    _set(self, 'n4', n4)
    _set(self, 'n5', n5)
    _set(self, 'n6', n6)
SHAPES["def __init__(self, n0, n1, n2, n3, n4, n5=None, n6=None):\n    _set(self, 'n0', n0)\n    _set(self, 'n1', n1)\n    _set(self, 'n2', n2)\n    _set(self, 'n3', n3)\n    _set(self, 'n4', n4)\n    _set(self, 'n5', n5)\n    _set(self, 'n6', n6)"] = __init__.__code__

def __init__(self, n0, n1, n2, n3, n4, n5=None, n6=None, n7=None):
    _set(self, 'n0', n0)
    _set(self, 'n1', n1)
    _set(self, 'n2', n2)
    _set(self, 'n3', n3)
    _set(self, 'n4', n4)
    _set(self, 'n5', n5)
    _set(self, 'n6', n6)
    _set(self, 'n7', n7)
SHAPES["def __init__(self, n0, n1, n2, n3, n4, n5=None, n6=None, n7=None):\n    _set(self, 'n0', n0)\n    _set(self, 'n1', n1)\n    _set(self, 'n2', n2)\n    _set(self, 'n3', n3)\n    _set(self, 'n4', n4)\n    _set(self, 'n5', n5)\n    _set(self, 'n6', n6)\n    _set(self, 'n7', n7)"] = __init__.__code__

def __init__(self, n0, n1, n2, n3, n4=None):
    _set(self, 'n0', n0)
    _set(self, 'n1', n1)
    _set(self, 'n2', n2)
    _set(self, 'n3', n3)
    _set(self, 'n4', n4)
SHAPES["def __init__(self, n0, n1, n2, n3, n4=None):\n    _set(self, 'n0', n0)\n    _set(self, 'n1', n1)\n    _set(self, 'n2', n2)\n    _set(self, 'n3', n3)\n    _set(self, 'n4', n4)"] = __init__.__code__

def __init__(self, n0, n1, n2, n3, n4=None, n5=None):
    _set(self, 'n0', n0)
    _set(self, 'n1', n1)
    _set(self, 'n2', n2)
    _set(self, 'n3', n3)
    _set(self, 'n4', n4)
    _set(self, 'n5', n5)
SHAPES["def __init__(self, n0, n1, n2, n3, n4=None, n5=None):\n    _set(self, 'n0', n0)\n    _set(self, 'n1', n1)\n    _set(self, 'n2', n2)\n    _set(self, 'n3', n3)\n    _set(self, 'n4', n4)\n    _set(self, 'n5', n5)"] = __init__.__code__

def __init__(self, n0, n1, n2, n3, n4=None, n5=None, n6=None):
    _set(self, 'n0', n0)
    _set(self, 'n1', n1)
    _set(self, 'n2', n2)
    _set(self, 'n3', n3)
    _set(self, 'n4', n4)
    _set(self, 'n5', n5)
    _set(self, 'n6', _f6() if n6 is MISSING else n6)
SHAPES["def __init__(self, n0, n1, n2, n3, n4=None, n5=None, n6=None):\n    _set(self, 'n0', n0)\n    _set(self, 'n1', n1)\n    _set(self, 'n2', n2)\n    _set(self, 'n3', n3)\n    _set(self, 'n4', n4)\n    _set(self, 'n5', n5)\n    _set(self, 'n6', _f6() if n6 is MISSING else n6)"] = __init__.__code__

def __init__(self, n0, n1, n2, n3, n4=None, n5=None, n6=None):
    _set(self, 'n0', n0)
    _set(self, 'n1', n1)
    _set(self, 'n2', n2)
    _set(self, 'n3', n3)
    _set(self, 'n4', n4)
    _set(self, 'n5', n5)
    _set(self, 'n6', n6)
SHAPES["def __init__(self, n0, n1, n2, n3, n4=None, n5=None, n6=None):\n    _set(self, 'n0', n0)\n    _set(self, 'n1', n1)\n    _set(self, 'n2', n2)\n    _set(self, 'n3', n3)\n    _set(self, 'n4', n4)\n    _set(self, 'n5', n5)\n    _set(self, 'n6', n6)"] = __init__.__code__

def __init__(self, n0, n1, n2, n3, n4=None, n5=None, n6=None, n7=None, n8=None):
    _set(self, 'n0', n0)
    _set(self, 'n1', n1)
    _set(self, 'n2', n2)
    _set(self, 'n3', n3)
    _set(self, 'n4', n4)
    _set(self, 'n5', n5)
    _set(self, 'n6', n6)
    _set(self, 'n7', n7)
    _set(self, 'n8', n8)
SHAPES["def __init__(self, n0, n1, n2, n3, n4=None, n5=None, n6=None, n7=None, n8=None):\n    _set(self, 'n0', n0)\n    _set(self, 'n1', n1)\n    _set(self, 'n2', n2)\n    _set(self, 'n3', n3)\n    _set(self, 'n4', n4)\n    _set(self, 'n5', n5)\n    _set(self, 'n6', n6)\n    _set(self, 'n7', n7)\n    _set(self, 'n8', n8)"] = __init__.__code__

def __init__(self, n0, n1, n2, n3, n4=None, n5=None, n6=None, n7=None, n8=None):
    self.n0 = n0
    self.n1 = n1
    self.n2 = n2
    self.n3 = n3
    self.n4 = n4
    self.n5 = n5
    self.n6 = n6
    self.n7 = n7
    self.n8 = n8
SHAPES['def __init__(self, n0, n1, n2, n3, n4=None, n5=None, n6=None, n7=None, n8=None):\n    self.n0 = n0\n    self.n1 = n1\n    self.n2 = n2\n    self.n3 = n3\n    self.n4 = n4\n    self.n5 = n5\n    self.n6 = n6\n    self.n7 = n7\n    self.n8 = n8'] = __init__.__code__

def __init__(self, n0, n1, n2, n3, n4=None, n5=None, n6=None, n7=None, n8=None, n9=None, n10=None, n11=None, n12=None, n13=None, n14=None, n15=None, n16=None, n17=None, n18=None, n19=None):
    _set(self, 'n0', n0)
    _set(self, 'n1', n1)
    _set(self, 'n2', n2)
    _set(self, 'n3', n3)
    _set(self, 'n4', n4)
    _set(self, 'n5', n5)
    _set(self, 'n6', n6)
    _set(self, 'n7', n7)
    _set(self, 'n8', n8)
    _set(self, 'n9', n9)
    _set(self, 'n10', n10)
    _set(self, 'n11', n11)
    _set(self, 'n12', n12)
    _set(self, 'n13', n13)
    _set(self, 'n14', n14)
    _set(self, 'n15', n15)
    _set(self, 'n16', n16)
    _set(self, 'n17', n17)
    _set(self, 'n18', n18)
    _set(self, 'n19', n19)
SHAPES["def __init__(self, n0, n1, n2, n3, n4=None, n5=None, n6=None, n7=None, n8=None, n9=None, n10=None, n11=None, n12=None, n13=None, n14=None, n15=None, n16=None, n17=None, n18=None, n19=None):\n    _set(self, 'n0', n0)\n    _set(self, 'n1', n1)\n    _set(self, 'n2', n2)\n    _set(self, 'n3', n3)\n    _set(self, 'n4', n4)\n    _set(self, 'n5', n5)\n    _set(self, 'n6', n6)\n    _set(self, 'n7', n7)\n    _set(self, 'n8', n8)\n    _set(self, 'n9', n9)\n    _set(self, 'n10', n10)\n    _set(self, 'n11', n11)\n    _set(self, 'n12', n12)\n    _set(self, 'n13', n13)\n    _set(self, 'n14', n14)\n    _set(self, 'n15', n15)\n    _set(self, 'n16', n16)\n    _set(self, 'n17', n17)\n    _set(self, 'n18', n18)\n    _set(self, 'n19', n19)"] = __init__.__code__

def __init__(self, n0, n1, n2, n3=None):
    _set(self, 'n0', n0)
    _set(self, 'n1', n1)
    _set(self, 'n2', n2)
    _set(self, 'n3', n3)
SHAPES["def __init__(self, n0, n1, n2, n3=None):\n    _set(self, 'n0', n0)\n    _set(self, 'n1', n1)\n    _set(self, 'n2', n2)\n    _set(self, 'n3', n3)"] = __init__.__code__

def __init__(self, n0, n1, n2, n3=None, n4=None):
    _set(self, 'n0', n0)
    _set(self, 'n1', n1)
    _set(self, 'n2', n2)
    _set(self, 'n3', n3)
    _set(self, 'n4', n4)
SHAPES["def __init__(self, n0, n1, n2, n3=None, n4=None):\n    _set(self, 'n0', n0)\n    _set(self, 'n1', n1)\n    _set(self, 'n2', n2)\n    _set(self, 'n3', n3)\n    _set(self, 'n4', n4)"] = __init__.__code__

def __init__(self, n0, n1, n2, n3=None, n4=None, n5=None, n6=None):
    _set(self, 'n0', n0)
    _set(self, 'n1', n1)
    _set(self, 'n2', n2)
    _set(self, 'n3', n3)
    _set(self, 'n4', n4)
    _set(self, 'n5', n5)
    _set(self, 'n6', n6)
SHAPES["def __init__(self, n0, n1, n2, n3=None, n4=None, n5=None, n6=None):\n    _set(self, 'n0', n0)\n    _set(self, 'n1', n1)\n    _set(self, 'n2', n2)\n    _set(self, 'n3', n3)\n    _set(self, 'n4', n4)\n    _set(self, 'n5', n5)\n    _set(self, 'n6', n6)"] = __init__.__code__

def __init__(self, n0, n1, n2, n3=None, n4=None, n5=None, n6=None, n7=None):
    self.n0 = n0
    self.n1 = n1
    self.n2 = n2
    self.n3 = n3
    self.n4 = n4
    self.n5 = n5
    self.n6 = n6
    self.n7 = _f7() if n7 is MISSING else n7
SHAPES['def __init__(self, n0, n1, n2, n3=None, n4=None, n5=None, n6=None, n7=None):\n    self.n0 = n0\n    self.n1 = n1\n    self.n2 = n2\n    self.n3 = n3\n    self.n4 = n4\n    self.n5 = n5\n    self.n6 = n6\n    self.n7 = _f7() if n7 is MISSING else n7'] = __init__.__code__

def __init__(self, n0, n1, n2=None):
    _set(self, 'n0', n0)
    _set(self, 'n1', n1)
    _set(self, 'n2', n2)
SHAPES["def __init__(self, n0, n1, n2=None):\n    _set(self, 'n0', n0)\n    _set(self, 'n1', n1)\n    _set(self, 'n2', n2)"] = __init__.__code__

def __init__(self, n0, n1, n2=None):
    self.n0 = n0
    self.n1 = n1
    self.n2 = _f2() if n2 is MISSING else n2
    self.n3 = _d3
SHAPES['def __init__(self, n0, n1, n2=None):\n    self.n0 = n0\n    self.n1 = n1\n    self.n2 = _f2() if n2 is MISSING else n2\n    self.n3 = _d3'] = __init__.__code__

def __init__(self, n0, n1, n2=None, n3=None, n4=None):
    _set(self, 'n0', n0)
    _set(self, 'n1', n1)
    _set(self, 'n2', n2)
    _set(self, 'n3', n3)
    _set(self, 'n4', n4)
SHAPES["def __init__(self, n0, n1, n2=None, n3=None, n4=None):\n    _set(self, 'n0', n0)\n    _set(self, 'n1', n1)\n    _set(self, 'n2', n2)\n    _set(self, 'n3', n3)\n    _set(self, 'n4', n4)"] = __init__.__code__

def __init__(self, n0, n1, n2=None, n3=None, n4=None, n5=None, n6=None, n7=None, n8=None):
    _set(self, 'n0', n0)
    _set(self, 'n1', n1)
    _set(self, 'n2', n2)
    _set(self, 'n3', n3)
    _set(self, 'n4', n4)
    _set(self, 'n5', n5)
    _set(self, 'n6', n6)
    _set(self, 'n7', n7)
    _set(self, 'n8', n8)
SHAPES["def __init__(self, n0, n1, n2=None, n3=None, n4=None, n5=None, n6=None, n7=None, n8=None):\n    _set(self, 'n0', n0)\n    _set(self, 'n1', n1)\n    _set(self, 'n2', n2)\n    _set(self, 'n3', n3)\n    _set(self, 'n4', n4)\n    _set(self, 'n5', n5)\n    _set(self, 'n6', n6)\n    _set(self, 'n7', n7)\n    _set(self, 'n8', n8)"] = __init__.__code__

def __init__(self, n0, n1=None):
    _set(self, 'n0', n0)
    _set(self, 'n1', n1)
SHAPES["def __init__(self, n0, n1=None):\n    _set(self, 'n0', n0)\n    _set(self, 'n1', n1)"] = __init__.__code__

def __init__(self, n0, n1=None, n2=None):
    _set(self, 'n0', n0)
    _set(self, 'n1', n1)
    _set(self, 'n2', n2)
SHAPES["def __init__(self, n0, n1=None, n2=None):\n    _set(self, 'n0', n0)\n    _set(self, 'n1', n1)\n    _set(self, 'n2', n2)"] = __init__.__code__

def __init__(self, n0, n1=None, n2=None, n3=None):
    _set(self, 'n0', n0)
    _set(self, 'n1', n1)
    _set(self, 'n2', n2)
    _set(self, 'n3', n3)
SHAPES["def __init__(self, n0, n1=None, n2=None, n3=None):\n    _set(self, 'n0', n0)\n    _set(self, 'n1', n1)\n    _set(self, 'n2', n2)\n    _set(self, 'n3', n3)"] = __init__.__code__

def __init__(self, n0, n1=None, n2=None, n3=None):
    self.n0 = n0
    self.n1 = _f1() if n1 is MISSING else n1
    self.n2 = _f2() if n2 is MISSING else n2
    self.n3 = n3
SHAPES['def __init__(self, n0, n1=None, n2=None, n3=None):\n    self.n0 = n0\n    self.n1 = _f1() if n1 is MISSING else n1\n    self.n2 = _f2() if n2 is MISSING else n2\n    self.n3 = n3'] = __init__.__code__

def __init__(self, n0, n1=None, n2=None, n3=None, n4=None):
    self.n0 = n0
    self.n1 = _f1() if n1 is MISSING else n1
    self.n2 = n2
    self.n3 = _f3() if n3 is MISSING else n3
    self.n4 = n4
SHAPES['def __init__(self, n0, n1=None, n2=None, n3=None, n4=None):\n    self.n0 = n0\n    self.n1 = _f1() if n1 is MISSING else n1\n    self.n2 = n2\n    self.n3 = _f3() if n3 is MISSING else n3\n    self.n4 = n4'] = __init__.__code__

def __init__(self, n0, n1=None, n2=None, n3=None, n4=None, n5=None):
    _set(self, 'n0', n0)
    _set(self, 'n1', _f1() if n1 is MISSING else n1)
    _set(self, 'n2', n2)
    _set(self, 'n3', n3)
    _set(self, 'n4', n4)
    _set(self, 'n5', n5)
SHAPES["def __init__(self, n0, n1=None, n2=None, n3=None, n4=None, n5=None):\n    _set(self, 'n0', n0)\n    _set(self, 'n1', _f1() if n1 is MISSING else n1)\n    _set(self, 'n2', n2)\n    _set(self, 'n3', n3)\n    _set(self, 'n4', n4)\n    _set(self, 'n5', n5)"] = __init__.__code__

def __init__(self, n0, n1=None, n2=None, n3=None, n4=None, n5=None):
    self.n0 = n0
    self.n1 = n1
    self.n2 = _f2() if n2 is MISSING else n2
    self.n3 = _f3() if n3 is MISSING else n3
    self.n4 = n4
    self.n5 = n5
SHAPES['def __init__(self, n0, n1=None, n2=None, n3=None, n4=None, n5=None):\n    self.n0 = n0\n    self.n1 = n1\n    self.n2 = _f2() if n2 is MISSING else n2\n    self.n3 = _f3() if n3 is MISSING else n3\n    self.n4 = n4\n    self.n5 = n5'] = __init__.__code__

def __init__(self, n0, n1=None, n2=None, n3=None, n4=None, n5=None, n6=None, n7=None):
    _set(self, 'n0', n0)
    _set(self, 'n1', n1)
    _set(self, 'n2', n2)
    _set(self, 'n3', n3)
    _set(self, 'n4', n4)
    _set(self, 'n5', n5)
    _set(self, 'n6', n6)
    _set(self, 'n7', n7)
SHAPES["def __init__(self, n0, n1=None, n2=None, n3=None, n4=None, n5=None, n6=None, n7=None):\n    _set(self, 'n0', n0)\n    _set(self, 'n1', n1)\n    _set(self, 'n2', n2)\n    _set(self, 'n3', n3)\n    _set(self, 'n4', n4)\n    _set(self, 'n5', n5)\n    _set(self, 'n6', n6)\n    _set(self, 'n7', n7)"] = __init__.__code__

def __init__(self, n0, n1=None, n2=None, n3=None, n4=None, n5=None, n6=None, n7=None, n8=None, n9=None, n10=None, n11=None):
    _set(self, 'n0', n0)
    _set(self, 'n1', n1)
    _set(self, 'n2', n2)
    _set(self, 'n3', n3)
    _set(self, 'n4', n4)
    _set(self, 'n5', n5)
    _set(self, 'n6', n6)
    _set(self, 'n7', n7)
    _set(self, 'n8', n8)
    _set(self, 'n9', n9)
    _set(self, 'n10', n10)
    _set(self, 'n11', n11)
SHAPES["def __init__(self, n0, n1=None, n2=None, n3=None, n4=None, n5=None, n6=None, n7=None, n8=None, n9=None, n10=None, n11=None):\n    _set(self, 'n0', n0)\n    _set(self, 'n1', n1)\n    _set(self, 'n2', n2)\n    _set(self, 'n3', n3)\n    _set(self, 'n4', n4)\n    _set(self, 'n5', n5)\n    _set(self, 'n6', n6)\n    _set(self, 'n7', n7)\n    _set(self, 'n8', n8)\n    _set(self, 'n9', n9)\n    _set(self, 'n10', n10)\n    _set(self, 'n11', n11)"] = __init__.__code__

def __init__(self, n0, n1=None, n2=None, n3=None, n4=None, n5=None, n6=None, n7=None, n8=None, n9=None, n10=None, n11=None):
    self.n0 = n0
    self.n1 = n1
    self.n2 = n2
    self.n3 = _f3() if n3 is MISSING else n3
    self.n4 = _f4() if n4 is MISSING else n4
    self.n5 = _f5() if n5 is MISSING else n5
    self.n6 = _f6() if n6 is MISSING else n6
    self.n7 = _f7() if n7 is MISSING else n7
    self.n8 = _f8() if n8 is MISSING else n8
    self.n9 = _f9() if n9 is MISSING else n9
    self.n10 = _f10() if n10 is MISSING else n10
    self.n11 = _f11() if n11 is MISSING else n11
SHAPES['def __init__(self, n0, n1=None, n2=None, n3=None, n4=None, n5=None, n6=None, n7=None, n8=None, n9=None, n10=None, n11=None):\n    self.n0 = n0\n    self.n1 = n1\n    self.n2 = n2\n    self.n3 = _f3() if n3 is MISSING else n3\n    self.n4 = _f4() if n4 is MISSING else n4\n    self.n5 = _f5() if n5 is MISSING else n5\n    self.n6 = _f6() if n6 is MISSING else n6\n    self.n7 = _f7() if n7 is MISSING else n7\n    self.n8 = _f8() if n8 is MISSING else n8\n    self.n9 = _f9() if n9 is MISSING else n9\n    self.n10 = _f10() if n10 is MISSING else n10\n    self.n11 = _f11() if n11 is MISSING else n11'] = __init__.__code__

def __init__(self, n0=None):
    _set(self, 'n0', _f0() if n0 is MISSING else n0)
    _set(self, 'n1', _f1())
    self.__post_init__()
SHAPES["def __init__(self, n0=None):\n    _set(self, 'n0', _f0() if n0 is MISSING else n0)\n    _set(self, 'n1', _f1())\n    self.__post_init__()"] = __init__.__code__

def __init__(self, n0=None, n1=None):
    _set(self, 'n0', n0)
    _set(self, 'n1', n1)
SHAPES["def __init__(self, n0=None, n1=None):\n    _set(self, 'n0', n0)\n    _set(self, 'n1', n1)"] = __init__.__code__

def __init__(self, n0=None, n1=None):
    self.n0 = _f0() if n0 is MISSING else n0
    self.n1 = _f1() if n1 is MISSING else n1
SHAPES['def __init__(self, n0=None, n1=None):\n    self.n0 = _f0() if n0 is MISSING else n0\n    self.n1 = _f1() if n1 is MISSING else n1'] = __init__.__code__

def __init__(self, n0=None, n1=None):
    self.n0 = n0
    self.n1 = n1
SHAPES['def __init__(self, n0=None, n1=None):\n    self.n0 = n0\n    self.n1 = n1'] = __init__.__code__

def __init__(self, n0=None, n1=None, n2=None):
    _set(self, 'n0', n0)
    _set(self, 'n1', n1)
    _set(self, 'n2', n2)
SHAPES["def __init__(self, n0=None, n1=None, n2=None):\n    _set(self, 'n0', n0)\n    _set(self, 'n1', n1)\n    _set(self, 'n2', n2)"] = __init__.__code__

def __init__(self, n0=None, n1=None, n2=None):
    _set(self, 'n0', n0)
    _set(self, 'n1', n1)
    _set(self, 'n2', n2)
    _set(self, 'n3', _d3)
    _set(self, 'n4', _d4)
SHAPES["def __init__(self, n0=None, n1=None, n2=None):\n    _set(self, 'n0', n0)\n    _set(self, 'n1', n1)\n    _set(self, 'n2', n2)\n    _set(self, 'n3', _d3)\n    _set(self, 'n4', _d4)"] = __init__.__code__

def __init__(self, n0=None, n1=None, n2=None):
    _set(self, 'n0', n0)
    _set(self, 'n1', n1)
    _set(self, 'n2', n2)
    self.__post_init__()
SHAPES["def __init__(self, n0=None, n1=None, n2=None):\n    _set(self, 'n0', n0)\n    _set(self, 'n1', n1)\n    _set(self, 'n2', n2)\n    self.__post_init__()"] = __init__.__code__

def __init__(self, n0=None, n1=None, n2=None, n3=None):
    _set(self, 'n0', n0)
    _set(self, 'n1', _f1() if n1 is MISSING else n1)
    _set(self, 'n2', n2)
    _set(self, 'n3', n3)
SHAPES["def __init__(self, n0=None, n1=None, n2=None, n3=None):\n    _set(self, 'n0', n0)\n    _set(self, 'n1', _f1() if n1 is MISSING else n1)\n    _set(self, 'n2', n2)\n    _set(self, 'n3', n3)"] = __init__.__code__

def __init__(self, n0=None, n1=None, n2=None, n3=None):
    _set(self, 'n0', n0)
    _set(self, 'n1', n1)
    _set(self, 'n2', n2)
    _set(self, 'n3', n3)
SHAPES["def __init__(self, n0=None, n1=None, n2=None, n3=None):\n    _set(self, 'n0', n0)\n    _set(self, 'n1', n1)\n    _set(self, 'n2', n2)\n    _set(self, 'n3', n3)"] = __init__.__code__

def __init__(self, n0=None, n1=None, n2=None, n3=None):
    self.n0 = _f0() if n0 is MISSING else n0
    self.n1 = _f1() if n1 is MISSING else n1
    self.n2 = _f2() if n2 is MISSING else n2
    self.n3 = n3
SHAPES['def __init__(self, n0=None, n1=None, n2=None, n3=None):\n    self.n0 = _f0() if n0 is MISSING else n0\n    self.n1 = _f1() if n1 is MISSING else n1\n    self.n2 = _f2() if n2 is MISSING else n2\n    self.n3 = n3'] = __init__.__code__

def __init__(self, n0=None, n1=None, n2=None, n3=None):
    self.n0 = _f0() if n0 is MISSING else n0
    self.n1 = n1
    self.n2 = n2
    self.n3 = n3
    self.n4 = _f4()
SHAPES['def __init__(self, n0=None, n1=None, n2=None, n3=None):\n    self.n0 = _f0() if n0 is MISSING else n0\n    self.n1 = n1\n    self.n2 = n2\n    self.n3 = n3\n    self.n4 = _f4()'] = __init__.__code__

def __init__(self, n0=None, n1=None, n2=None, n3=None, n4=None):
    _set(self, 'n0', n0)
    _set(self, 'n1', n1)
    _set(self, 'n2', n2)
    _set(self, 'n3', n3)
    _set(self, 'n4', n4)
SHAPES["def __init__(self, n0=None, n1=None, n2=None, n3=None, n4=None):\n    _set(self, 'n0', n0)\n    _set(self, 'n1', n1)\n    _set(self, 'n2', n2)\n    _set(self, 'n3', n3)\n    _set(self, 'n4', n4)"] = __init__.__code__

def __init__(self, n0=None, n1=None, n2=None, n3=None, n4=None, n5=None):
    _set(self, 'n0', n0)
    _set(self, 'n1', n1)
    _set(self, 'n2', n2)
    _set(self, 'n3', n3)
    _set(self, 'n4', n4)
    _set(self, 'n5', n5)
    self.__post_init__()
SHAPES["def __init__(self, n0=None, n1=None, n2=None, n3=None, n4=None, n5=None):\n    _set(self, 'n0', n0)\n    _set(self, 'n1', n1)\n    _set(self, 'n2', n2)\n    _set(self, 'n3', n3)\n    _set(self, 'n4', n4)\n    _set(self, 'n5', n5)\n    self.__post_init__()"] = __init__.__code__

def __init__(self, n0=None, n1=None, n2=None, n3=None, n4=None, n5=None, n6=None, n7=None):
    _set(self, 'n0', n0)
    _set(self, 'n1', n1)
    _set(self, 'n2', n2)
    _set(self, 'n3', n3)
    _set(self, 'n4', n4)
    _set(self, 'n5', n5)
    _set(self, 'n6', n6)
    _set(self, 'n7', n7)
SHAPES["def __init__(self, n0=None, n1=None, n2=None, n3=None, n4=None, n5=None, n6=None, n7=None):\n    _set(self, 'n0', n0)\n    _set(self, 'n1', n1)\n    _set(self, 'n2', n2)\n    _set(self, 'n3', n3)\n    _set(self, 'n4', n4)\n    _set(self, 'n5', n5)\n    _set(self, 'n6', n6)\n    _set(self, 'n7', n7)"] = __init__.__code__

def __init__(self, n0=None, n1=None, n2=None, n3=None, n4=None, n5=None, n6=None, n7=None):
    _set(self, 'n0', n0)
    _set(self, 'n1', n1)
    _set(self, 'n2', n2)
    _set(self, 'n3', n3)
    _set(self, 'n4', n4)
    _set(self, 'n5', n5)
    _set(self, 'n6', n6)
    _set(self, 'n7', n7)
    self.__post_init__()
SHAPES["def __init__(self, n0=None, n1=None, n2=None, n3=None, n4=None, n5=None, n6=None, n7=None):\n    _set(self, 'n0', n0)\n    _set(self, 'n1', n1)\n    _set(self, 'n2', n2)\n    _set(self, 'n3', n3)\n    _set(self, 'n4', n4)\n    _set(self, 'n5', n5)\n    _set(self, 'n6', n6)\n    _set(self, 'n7', n7)\n    self.__post_init__()"] = __init__.__code__

def __init__(self, n0=None, n1=None, n2=None, n3=None, n4=None, n5=None, n6=None, n7=None, n8=None, n9=None):
    _set(self, 'n0', n0)
    _set(self, 'n1', _f1() if n1 is MISSING else n1)
    _set(self, 'n2', n2)
    _set(self, 'n3', n3)
    _set(self, 'n4', _f4() if n4 is MISSING else n4)
    _set(self, 'n5', n5)
    _set(self, 'n6', n6)
    _set(self, 'n7', n7)
    _set(self, 'n8', n8)
    _set(self, 'n9', n9)
    self.__post_init__()
SHAPES["def __init__(self, n0=None, n1=None, n2=None, n3=None, n4=None, n5=None, n6=None, n7=None, n8=None, n9=None):\n    _set(self, 'n0', n0)\n    _set(self, 'n1', _f1() if n1 is MISSING else n1)\n    _set(self, 'n2', n2)\n    _set(self, 'n3', n3)\n    _set(self, 'n4', _f4() if n4 is MISSING else n4)\n    _set(self, 'n5', n5)\n    _set(self, 'n6', n6)\n    _set(self, 'n7', n7)\n    _set(self, 'n8', n8)\n    _set(self, 'n9', n9)\n    self.__post_init__()"] = __init__.__code__

def __init__(self, n0=None, n1=None, n2=None, n3=None, n4=None, n5=None, n6=None, n7=None, n8=None, n9=None, n10=None, n11=None, n12=None, n13=None, n14=None, n15=None, n16=None, n17=None, n18=None):
    _set(self, 'n0', n0)
    _set(self, 'n1', n1)
    _set(self, 'n2', n2)
    _set(self, 'n3', n3)
    _set(self, 'n4', n4)
    _set(self, 'n5', n5)
    _set(self, 'n6', n6)
    _set(self, 'n7', n7)
    _set(self, 'n8', n8)
    _set(self, 'n9', n9)
    _set(self, 'n10', n10)
    _set(self, 'n11', n11)
    _set(self, 'n12', n12)
    _set(self, 'n13', n13)
    _set(self, 'n14', n14)
    _set(self, 'n15', n15)
    _set(self, 'n16', n16)
    _set(self, 'n17', n17)
    _set(self, 'n18', n18)
    self.__post_init__()
SHAPES["def __init__(self, n0=None, n1=None, n2=None, n3=None, n4=None, n5=None, n6=None, n7=None, n8=None, n9=None, n10=None, n11=None, n12=None, n13=None, n14=None, n15=None, n16=None, n17=None, n18=None):\n    _set(self, 'n0', n0)\n    _set(self, 'n1', n1)\n    _set(self, 'n2', n2)\n    _set(self, 'n3', n3)\n    _set(self, 'n4', n4)\n    _set(self, 'n5', n5)\n    _set(self, 'n6', n6)\n    _set(self, 'n7', n7)\n    _set(self, 'n8', n8)\n    _set(self, 'n9', n9)\n    _set(self, 'n10', n10)\n    _set(self, 'n11', n11)\n    _set(self, 'n12', n12)\n    _set(self, 'n13', n13)\n    _set(self, 'n14', n14)\n    _set(self, 'n15', n15)\n    _set(self, 'n16', n16)\n    _set(self, 'n17', n17)\n    _set(self, 'n18', n18)\n    self.__post_init__()"] = __init__.__code__
