"""`Codec` and `PackedValues` by their first import path.

Indexes built before `kb.index.format` existed pickled their segments' codec and their
posting blocks' values as `kb.index.codec.Codec` and `kb.index.codec.PackedValues`; these
names keep them readable. New code imports `kb.index.format.codec`.
"""

from kb.index.format.codec import Codec, PackedValues

__all__ = ["Codec", "PackedValues"]
