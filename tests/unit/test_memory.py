"""Freeing what a large load made without holding the window."""

from __future__ import annotations

import weakref

from explorer.memory import FREE_STEP, free_in_slices


class Item:
    pass


def test_a_list_is_emptied_a_slice_at_a_time_and_its_objects_freed():
    items = [Item() for _ in range(2 * FREE_STEP + 7)]
    watched = [weakref.ref(items[0]), weakref.ref(items[FREE_STEP]), weakref.ref(items[-1])]
    slices = []

    class Watched(list):
        def __delitem__(self, index):
            slices.append(len(self[index]))
            super().__delitem__(index)

    many = Watched(items)
    del items
    free_in_slices(many)
    assert many == [] and slices == [FREE_STEP, FREE_STEP, 7]
    assert [ref() for ref in watched] == [None, None, None]

