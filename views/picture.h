// One picture of a view at the current step, as a teacher puts it in a
// handout: a title, a caption (input, step, event applied, profile), the view
// itself and its legend. Files, the clipboard and tests all draw it with
// paint(), which calls the same painters as the widgets on screen.
#pragma once

#include "model/trace/timeline.h"
#include "views/gcscene.h"
#include "views/theme.h"

#include <QImage>
#include <QSizeF>
#include <QString>

#include <memory>

class QPainter;

namespace arenascope::views {

class GcLayout;

enum class PictureView { Heap, Pool, Charts, Gc };

// Where a scenario stands, for a picture of one: the caption names the
// scenario step, and a Gc picture draws the scene (traces have none).
struct ScenarioPicture {
    GcScene scene;
    size_t step = 0, stepCount = 0;  // scenario steps (operations), not trace events
    QString stepText;                // "line 9: del a", or what a collection phase did
    QString profileReason;           // in the user's language; empty: the trace's own words
};

struct PictureRequest {
    PictureView view = PictureView::Heap;
    PoolRef pool = kNoPool;          // the pool of a Pool picture
    PoolRef selectedPool = kNoPool;  // outlined in a Heap picture
    int selectedBlock = -1;          // outlined in a Pool picture
    int width = 1200;                // in pixels; SVG and PDF take the same size at 96 dpi
    ThemeKind theme = ThemeKind::Light;
    QString inputName;               // the trace or scenario, for the title
    std::shared_ptr<const ScenarioPicture> scenario;  // set for a scenario; needed by Gc
};

class Picture {
public:
    static constexpr int kMinWidth = 320, kMaxWidth = 16000;
    static constexpr qreal kDpi = 96;

    // The timeline stays borrowed: paint() reads its state at the time.
    Picture(const Timeline& timeline, const PictureRequest& request);

    // Logical units are pixels at scale 1; wide pictures are drawn at a
    // larger scale so their text stays readable, not tiny.
    QSizeF logicalSize() const { return size_; }
    qreal scale() const { return scale_; }
    QSize pixelSize() const;

    void paint(QPainter& p) const;  // in logical units
    QImage toImage() const;         // pixelSize(), 96 dpi

    QString title() const;
    QStringList caption() const;

private:
    void layOut();
    qreal headerHeight() const;
    bool hasPool() const;  // a Pool picture's pool is carved at this step
    bool hasGcScene() const;  // a Gc picture of a scenario
    qreal gcZoom(const GcLayout& layout) const;

    const Timeline& timeline_;
    PictureRequest request_;
    Theme theme_;
    qreal scale_ = 1;
    QSizeF size_;
    qreal zoom_ = 1;        // Heap: the zoom the cards are laid out at
    qreal bodyHeight_ = 0;
    qreal legendHeight_ = 0;
};

} // namespace arenascope::views
