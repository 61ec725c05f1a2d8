// HeapLayout: card grid and book positions.
#include "views/heaplayout.h"

#include <algorithm>
#include <cmath>

namespace arenascope::views {

void HeapLayout::compute(const Allocator& allocator, const HeapLayoutParams& params) {
    const AllocatorState& st = allocator.state();
    maxPools_ = allocator.profile().maxPoolsInArena();
    bookW_ = std::max<qreal>(2, std::round(kBaseBookWidth * params.zoom));
    bookH_ = std::max<qreal>(12, std::round(kBaseBookHeight * params.zoom));
    const bool labels = params.zoom >= 0.5;
    const qreal labelH = labels ? kLabelHeight : 0;
    cardW_ = 2 * kMargin + maxPools_ * (bookW_ + kGap);
    cardH_ = kMargin + labelH + bookH_ + kTopHeight + kMargin;
    columns_ = std::max(1, int((params.availableWidth - kMargin) / (cardW_ + kMargin)));

    cards_.clear();
    cardOfArena_.assign(st.arenas.size(), -1);
    // Arena objects that have held an arena at some point (pool_address is
    // set on first use and kept after the arena is given back).
    for (ArenaIndex a = 0; a < st.arenas.size(); ++a) {
        const ArenaObject& ao = st.arenas[a];
        if (ao.pool_address == 0)
            continue;
        ArenaCard c;
        c.arena = a;
        c.live = ao.address != 0;
        c.lostSlot = c.live && (ao.address & (allocator.profile().poolSize() - 1)) != 0;
        const int i = int(cards_.size());
        const qreal x = kMargin + (i % columns_) * (cardW_ + kMargin);
        const qreal y = kMargin + (i / columns_) * (cardH_ + kMargin);
        c.card = QRectF(x, y, cardW_, cardH_);
        c.label = QRectF(x + kMargin, y + kMargin / 2, cardW_ - 2 * kMargin, labelH);
        c.shelf = QRectF(x + kMargin, y + kMargin / 2 + labelH, cardW_ - 2 * kMargin, bookH_);
        c.top = QRectF(x + 2, c.shelf.bottom(), cardW_ - 4, kTopHeight);
        cardOfArena_[a] = i;
        cards_.push_back(c);
    }
    const int rows = int((cards_.size() + size_t(columns_) - 1) / size_t(columns_));
    const int cols = std::min<int>(columns_, std::max<int>(1, int(cards_.size())));
    size_ = QSizeF(kMargin + cols * (cardW_ + kMargin), kMargin + std::max(rows, 1) * (cardH_ + kMargin));
}

QRectF HeapLayout::poolRect(size_t ci, unsigned k) const {
    const ArenaCard& c = cards_[ci];
    const unsigned pos = k + (c.lostSlot ? 1 : 0);
    return QRectF(c.shelf.left() + pos * (bookW_ + kGap), c.shelf.top(), bookW_, bookH_);
}

QRectF HeapLayout::lostSlotRect(size_t ci) const {
    const ArenaCard& c = cards_[ci];
    return QRectF(c.shelf.left(), c.shelf.top(), bookW_, bookH_);
}

int HeapLayout::cardOf(ArenaIndex a) const {
    return a < cardOfArena_.size() ? cardOfArena_[a] : -1;
}

HeapLayout::Hit HeapLayout::hitTest(QPointF p) const {
    Hit h;
    if (p.x() < kMargin || p.y() < kMargin)
        return h;
    const int col = int((p.x() - kMargin) / (cardW_ + kMargin));
    const int row = int((p.y() - kMargin) / (cardH_ + kMargin));
    if (col >= columns_)
        return h;
    const size_t i = size_t(row) * size_t(columns_) + size_t(col);
    if (i >= cards_.size() || !cards_[i].card.contains(p))
        return h;
    h.card = int(i);
    const ArenaCard& c = cards_[i];
    if (!c.live || !c.shelf.contains(p))
        return h;
    int pos = int((p.x() - c.shelf.left()) / (bookW_ + kGap));
    if (c.lostSlot)
        --pos;
    const unsigned total = maxPools_ - (c.lostSlot ? 1 : 0);
    if (pos >= 0 && unsigned(pos) < total)
        h.pool = pos;
    return h;
}

} // namespace arenascope::views
