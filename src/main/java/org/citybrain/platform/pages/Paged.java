package org.citybrain.platform.pages;

import java.util.List;

/**
 * One page of a list: the items shown, which page (from 0), its size and how many there are in all. The
 * {@code ui :: pager} fragment turns it into previous/next links that keep the page's other parameters.
 */
public record Paged<T>(List<T> items, int page, int size, long total) {

    public static int firstRow(int page, int size) {
        return Math.max(0, page) * size;
    }

    /** A page cut from a whole list held in memory (small lists: a desk's open corrections, the risk areas). */
    public static <T> Paged<T> of(List<T> all, int page, int size) {
        int from = Math.min(all.size(), firstRow(page, size));
        return new Paged<>(List.copyOf(all.subList(from, Math.min(all.size(), from + size))), Math.max(0, page), size, all.size());
    }

    public boolean isEmpty() {
        return total == 0;
    }

    public boolean hasPrevious() {
        return page > 0;
    }

    public boolean hasNext() {
        return (long) (page + 1) * size < total;
    }

    public long pages() {
        return Math.max(1, (total + size - 1) / size);
    }

    public long firstShown() {
        return total == 0 ? 0 : (long) page * size + 1;
    }

    public long lastShown() {
        return (long) page * size + items.size();
    }
}
