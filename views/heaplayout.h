// Where things go in the heap picture (the table of books): one card per
// arena object (its table top), one book per pool slot. Plain geometry,
// tested without drawing; the painter and the mouse both ask it.
#pragma once

#include "model/pymalloc/allocator.h"

#include <QRectF>
#include <vector>

namespace arenascope::views {

struct HeapLayoutParams {
    qreal zoom = 1.0;
    qreal availableWidth = 1000;  // cards flow into as many columns as fit
};

struct ArenaCard {
    ArenaIndex arena = kNoArena;
    bool live = false;        // false: the arena was given back (address 0)
    bool lostSlot = false;    // base not pool-aligned: one pool lost to alignment
    QRectF card, label, shelf, top;  // whole card, text line, books area, table top
};

class HeapLayout {
public:
    void compute(const Allocator& allocator, const HeapLayoutParams& params);

    QSizeF size() const { return size_; }
    const std::vector<ArenaCard>& cards() const { return cards_; }
    qreal bookWidth() const { return bookW_; }
    // The book of pool slot k (0-based from the first aligned pool).
    QRectF poolRect(size_t cardIndex, unsigned k) const;
    QRectF lostSlotRect(size_t cardIndex) const;
    // The card for an arena index, or -1.
    int cardOf(ArenaIndex a) const;

    struct Hit {
        int card = -1;   // index into cards()
        int pool = -1;   // pool slot, -1 when on the card but not a book
    };
    Hit hitTest(QPointF p) const;

    static constexpr qreal kMargin = 8, kLabelHeight = 18, kTopHeight = 8, kGap = 1;
    static constexpr qreal kBaseBookWidth = 12, kBaseBookHeight = 84;

private:
    std::vector<ArenaCard> cards_;
    std::vector<int> cardOfArena_;
    QSizeF size_;
    qreal bookW_ = kBaseBookWidth, bookH_ = kBaseBookHeight, cardW_ = 0, cardH_ = 0;
    int columns_ = 1;
    unsigned maxPools_ = 64;
};

} // namespace arenascope::views
