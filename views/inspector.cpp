// Inspector: field tables for arena_object, pool_header and a block.
#include "views/inspector.h"
#include "views/painters.h"

#include <QFile>
#include <QFileInfo>
#include <QHeaderView>

namespace arenascope::views {
namespace {

// Line `line` of the file at `path` as it reads now (it may have changed since
// the recording), or nothing when it cannot be read: "<frozen ...>" modules,
// or a script recorded elsewhere. The last file is kept, as playback asks often.
QString sourceText(const QString& path, uint32_t line) {
    static QString cachedPath;
    static QStringList cachedLines;
    if (path != cachedPath) {
        QFile f(path);
        cachedPath = path;
        cachedLines = f.open(QIODevice::ReadOnly | QIODevice::Text)
                          ? QString::fromUtf8(f.readAll()).split(QLatin1Char('\n'))
                          : QStringList();
    }
    return line >= 1 && line <= uint32_t(cachedLines.size()) ? cachedLines[int(line - 1)].trimmed()
                                                              : QString();
}

} // namespace

Inspector::Inspector(Session* session, QWidget* parent) : QTreeWidget(parent), session_(session) {
    setObjectName(QStringLiteral("inspector"));
    setColumnCount(2);
    setHeaderLabels({tr("Field"), tr("Value")});
    header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    header()->setStretchLastSection(true);
    setMinimumWidth(380);
    setRootIsDecorated(true);
    // Long values (a script's path) keep both ends: the file name and line.
    setTextElideMode(Qt::ElideMiddle);
    connect(session_, &Session::stepChanged, this, &Inspector::refresh);
    connect(session_, &Session::selectionChanged, this, &Inspector::refresh);
}

QStringList Inspector::rows() const {
    QStringList out;
    for (int i = 0; i < topLevelItemCount(); ++i) {
        const QTreeWidgetItem* s = topLevelItem(i);
        for (int j = 0; j < s->childCount(); ++j)
            out << s->text(0) + "/" + s->child(j)->text(0) + " = " + s->child(j)->text(1);
    }
    return out;
}

void Inspector::refresh() {
    clear();
    if (!session_->hasTrace())
        return;
    const Timeline& tl = session_->timeline();
    const Allocator& a = tl.allocator();
    const AllocatorState& st = a.state();
    auto section = [&](const QString& title) {
        auto* item = new QTreeWidgetItem(this, {title});
        item->setExpanded(true);
        item->setFirstColumnSpanned(true);  // the field names alone size the first column
        return item;
    };
    auto field = [](QTreeWidgetItem* s, const QString& name, const QString& value) {
        auto* item = new QTreeWidgetItem(s, {name, value});
        item->setToolTip(1, value);  // whole, when the column is too narrow
    };

    QTreeWidgetItem* g = section(tr("allocator (step %1 of %2)").arg(tl.step()).arg(tl.stepCount()));
    field(g, QStringLiteral("narenas_currently_allocated"), QString::number(st.g.narenas_currently_allocated));
    field(g, QStringLiteral("ntimes_arena_allocated"), QString::number(st.g.ntimes_arena_allocated));
    field(g, QStringLiteral("narenas_highwater"), QString::number(st.g.narenas_highwater));
    field(g, QStringLiteral("maxarenas"), QString::number(st.g.maxarenas));

    const PoolRef pool = session_->selectedPool();
    if (pool == kNoPool)
        return;
    const ArenaIndex ai = a.arenaOfPool(pool);
    const ArenaObject& ao = st.arenas[ai];
    QTreeWidgetItem* as = section(tr("arena_object arenas[%1]").arg(ai));
    field(as, QStringLiteral("address"), hex(ao.address));
    field(as, QStringLiteral("pool_address"), hex(ao.pool_address));
    field(as, QStringLiteral("nfreepools"), QString::number(ao.nfreepools));
    field(as, QStringLiteral("ntotalpools"), QString::number(ao.ntotalpools));
    field(as, QStringLiteral("freepools"),
          ao.freepools == kNoPool ? QStringLiteral("NULL") : hex(a.poolAddress(ao.freepools)));

    const PoolHeader& ph = st.pools[pool];
    const PoolState ps = a.poolState(pool);
    QTreeWidgetItem* p = section(tr("pool_header %1 (%2)").arg(hex(a.poolAddress(pool)), poolStateText(ps)));
    if (ps == PoolState::Uncarved)
        return;
    field(p, QStringLiteral("ref.count"), QString::number(ph.count));
    field(p, QStringLiteral("freeblock"),
          ph.freeblock ? hex(a.blockAddress(pool, ph.freeblock - 1)) : QStringLiteral("NULL"));
    field(p, QStringLiteral("arenaindex"), QString::number(ph.arenaindex));
    field(p, QStringLiteral("szidx"),
          tr("%1 (%2-byte blocks)").arg(ph.szidx).arg(a.profile().blockSize(ph.szidx)));
    field(p, QStringLiteral("nextoffset"), QString::number(ph.nextoffset));
    field(p, QStringLiteral("maxnextoffset"), QString::number(ph.maxnextoffset));
    field(p, tr("blocks (NUMBLOCKS)"), QString::number(a.profile().blocksPerPool(ph.szidx)));

    const int b = session_->selectedBlock();
    if (b < 0 || unsigned(b) >= a.profile().blocksPerPool(ph.szidx))
        return;
    const uint64_t addr = a.blockAddress(pool, unsigned(b));
    const BlockState bs = a.blockState(pool, unsigned(b));
    QTreeWidgetItem* bl = section(tr("block %1 (%2)").arg(hex(addr), blockStateText(bs)));
    field(bl, tr("block number"), QString::number(b));
    if (bs == BlockState::Allocated) {
        const size_t ev = tl.allocationOf(addr, tl.step());
        if (ev != Timeline::npos) {
            const Event e = tl.store().event(ev);
            field(bl, tr("requested size"), tr("%1 bytes").arg(e.size));
            field(bl, tr("allocated at step"), QString::number(ev + 1));
            field(bl, tr("trace line"), QString::number(tl.store().lineOf(ev)));
            // Recorded with --source-lines: the Python line that asked for it.
            const SourceLocation src = tl.store().sourceOf(ev);
            if (!src.file.empty()) {
                // The file's name first: a whole path rarely fits the column.
                const QString path = QString::fromUtf8(src.file.data(), qsizetype(src.file.size()));
                const QString name = QFileInfo(path).fileName();
                field(bl, tr("source line"), QStringLiteral("%1:%2").arg(name).arg(src.line));
                const QString code = sourceText(path, src.line);
                if (!code.isEmpty())
                    field(bl, tr("code"), code);
                if (name != path)
                    field(bl, tr("source file"), path);
            }
            field(bl, tr("event"), QString::fromStdString(formatEvent(e)));
        }
    }
}

} // namespace arenascope::views
