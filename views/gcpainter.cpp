// The GC view's drawing. Marks are told apart by outline and pattern as well
// as colour: reachable plain, tentatively unreachable dashed and dotted,
// unreachable hatched; objects the collector does not track are dotted.
#include "views/gcpainter.h"

#include "views/painters.h"

#include <QCoreApplication>
#include <QPainterPath>
#include <QtMath>

namespace arenascope::views {
namespace {

// The context lupdate gives these strings (it files a namespace-level tr()
// under the namespace).
QString tr(const char* s) { return QCoreApplication::translate("arenascope::views", s); }

void arrow(QPainter& p, QPointF from, QPointF to, const QPen& pen) {
    QPainterPath path(from);
    const qreal dx = std::max<qreal>(30, std::abs(to.x() - from.x()) / 2);
    const bool back = to.x() <= from.x() + 4;  // same column or leftwards: loop out to the right
    const QPointF c1 = from + QPointF(dx, 0);
    const QPointF c2 = back ? to + QPointF(dx, 0) : to - QPointF(dx, 0);
    path.cubicTo(c1, c2, to);
    p.setPen(pen);
    p.setBrush(Qt::NoBrush);
    p.drawPath(path);
    // The head points along the curve's last tangent.
    const QPointF dir = to - c2;
    const qreal len = std::hypot(dir.x(), dir.y());
    if (len < 1e-6)
        return;
    const QPointF u = dir / len, n(-u.y(), u.x());
    QPolygonF head;
    head << to << to - u * 7 + n * 3.5 << to - u * 7 - n * 3.5;
    p.setPen(Qt::NoPen);
    p.setBrush(pen.color());
    p.drawPolygon(head);
}

QString generationTitle(int c) {
    return c < 3 ? tr("generation %1").arg(c) : tr("not tracked");
}

} // namespace

void paintGcBox(QPainter& p, const QRectF& r, GcObject::Mark mark, bool tracked, const Theme& t) {
    QBrush fill(t.surface);
    QPen pen(t.text, 1, tracked ? Qt::SolidLine : Qt::DotLine);
    switch (mark) {
    case GcObject::Mark::None:
    case GcObject::Mark::Reachable: break;
    case GcObject::Mark::Tentative:
        fill = QBrush(t.blockFree, Qt::Dense5Pattern);
        pen = QPen(t.text, 1.5, Qt::DashLine);
        break;
    case GcObject::Mark::Unreachable:
        fill = QBrush(t.blockFree, Qt::BDiagPattern);
        pen = QPen(t.text, 2, Qt::DashLine);
        break;
    }
    p.setPen(Qt::NoPen);
    p.setBrush(t.surface);
    p.drawRect(r);
    p.setBrush(fill);
    p.drawRect(r);
    p.setPen(pen);
    p.setBrush(Qt::NoBrush);
    p.drawRect(r.adjusted(0.5, 0.5, -0.5, -0.5));
}

void paintGc(QPainter& p, const GcLayout& l, const GcScene& s, const GcPaintOptions& o) {
    const Theme& t = o.theme;
    p.setRenderHint(QPainter::Antialiasing, true);

    // Column headers: the generations with count / threshold.
    p.setPen(t.text);
    p.setFont(t.font(9, true));
    // The space up to the first column is free above the frames.
    const qreal headerW = GcLayout::kFrameW + 55;
    p.drawText(QRectF(GcLayout::kMargin, GcLayout::kMargin, headerW, 16), Qt::AlignLeft, tr("the stack: frames and names"));
    if (!s.phase.isEmpty()) {
        p.setFont(t.font(8));
        p.setPen(t.highlight);
        p.drawText(QRectF(GcLayout::kMargin, GcLayout::kMargin + 16, headerW, 16), Qt::AlignLeft,
                   tr("collecting gen. %1: %2").arg(s.collecting).arg(s.phase));
    }
    for (int c = 0; c < 4; ++c) {
        const QRectF h = l.columnHeader(c);
        p.setPen(c == s.collecting ? QPen(t.highlight, 2) : QPen(t.tableEdge, 1));
        p.setBrush(t.tableTop);
        p.drawRect(h);
        p.setPen(t.text);
        p.setFont(t.font(8, true));
        p.drawText(h.adjusted(4, 1, -4, -h.height() / 2), Qt::AlignLeft | Qt::AlignVCenter, generationTitle(c));
        p.setFont(t.font(7.5));
        const QString sub = c < 3 ? tr("count %1 / threshold %2")
                                        .arg(s.generations[size_t(c)].count)
                                        .arg(s.generations[size_t(c)].threshold)
                                  : tr("ints, strings: no cycles possible");
        p.drawText(h.adjusted(4, h.height() / 2, -4, -1), Qt::AlignLeft | Qt::AlignVCenter, sub);
    }

    // References first, so boxes sit on top of the arrows' ends.
    const QPen refPen(t.mutedText, 1.2);
    for (const GcObject& obj : s.objects) {
        const QRectF from = l.objectRect(obj.id);
        for (int target : obj.refs) {
            const QRectF to = l.objectRect(target);
            if (to.isEmpty())
                continue;
            const bool forward = to.left() > from.right();
            arrow(p, QPointF(from.right(), from.center().y()),
                  forward ? QPointF(to.left(), to.center().y()) : QPointF(to.right(), to.center().y() + 8), refPen);
        }
    }

    // Frames and their names, each name with an arrow to its object.
    for (size_t f = 0; f < s.frames.size(); ++f) {
        const QRectF box = l.frameRect(f);
        p.setPen(QPen(t.tableEdge, 1));
        p.setBrush(t.surface);
        p.drawRect(box);
        p.setPen(t.text);
        p.setFont(t.font(8, true));
        p.drawText(box.adjusted(6, 3, -6, 0), Qt::AlignLeft | Qt::AlignTop,
                   tr("frame %1: %2").arg(f).arg(s.frames[f].function));
        p.setFont(t.font(8));
        if (s.frames[f].locals.empty()) {  // say so: after `del`, that is the point
            p.setPen(t.mutedText);
            p.drawText(l.localRect(f, 0).adjusted(4, 0, 0, 0), Qt::AlignLeft | Qt::AlignVCenter, tr("(no names)"));
        }
        for (size_t i = 0; i < s.frames[f].locals.size(); ++i) {
            const auto& [name, id] = s.frames[f].locals[i];
            const QRectF row = l.localRect(f, i);
            p.setPen(t.text);
            p.drawText(row.adjusted(4, 0, 0, 0), Qt::AlignLeft | Qt::AlignVCenter, name);
            const QRectF target = l.objectRect(id);
            if (!target.isEmpty())
                arrow(p, QPointF(row.right(), row.center().y()), QPointF(target.left(), target.center().y()),
                      QPen(t.selection, 1.2));
        }
    }

    if (s.hidden > 0 && !s.frames.empty()) {
        const QRectF last = l.frameRect(s.frames.size() - 1);
        p.setPen(t.mutedText);
        p.setFont(t.font(7.5));
        p.drawText(QRectF(last.left(), last.bottom() + 4, last.width(), 32), Qt::AlignLeft | Qt::TextWordWrap,
                   QCoreApplication::translate("arenascope::views::GcView",
                                               "%n of the interpreter's own tracked objects not drawn", nullptr,
                                               s.hidden));
    }

    // The objects.
    for (const GcObject& obj : s.objects) {
        const QRectF r = l.objectRect(obj.id);
        paintGcBox(p, r, obj.mark, obj.generation >= 0, t);
        p.setPen(t.text);
        p.setFont(t.font(8, true));
        p.drawText(r.adjusted(5, 2, -5, 0), Qt::AlignLeft | Qt::AlignTop,
                   QStringLiteral("%1  %2").arg(obj.type, obj.label));
        p.setFont(t.font(7));
        // Size 0: not known (garbage a recording's graph adds has no size).
        p.drawText(r.adjusted(5, 16, -5, 0), Qt::AlignLeft | Qt::AlignTop,
                   !obj.address ? tr("static object, no heap block")
                   : obj.size   ? tr("%1  %2 bytes").arg(hex(obj.address)).arg(obj.size)
                                : hex(obj.address));
        // Static objects (small ints, None) are not counted the way heap
        // objects are; showing their sentinel count would mislead.
        const QString counts = obj.refcnt < 0    ? tr("reference count not kept (static)")
                               : obj.gcRefs >= 0 ? tr("ob_refcnt %1   gc_refs %2").arg(obj.refcnt).arg(obj.gcRefs)
                                                 : tr("ob_refcnt %1").arg(obj.refcnt);
        p.drawText(r.adjusted(5, 29, -5, 0), Qt::AlignLeft | Qt::AlignTop, counts);
        if (obj.id == s.changed) {
            p.setPen(QPen(t.highlight, 2));
            p.setBrush(Qt::NoBrush);
            p.drawRect(r.adjusted(-2, -2, 2, 2));
        }
        if (obj.id == o.selectedObject) {
            p.setPen(QPen(t.selection, 2, Qt::DashLine));
            p.setBrush(Qt::NoBrush);
            p.drawRect(r.adjusted(-4, -4, 4, 4));
        }
    }
}

} // namespace arenascope::views
