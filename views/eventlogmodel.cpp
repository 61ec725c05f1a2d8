// EventLogModel: rows decoded from the TraceStore on demand.
#include "views/eventlogmodel.h"
#include "views/painters.h"

#include <algorithm>

namespace arenascope::views {

EventLogModel::EventLogModel(QObject* parent) : QAbstractTableModel(parent) {}

void EventLogModel::setTrace(std::shared_ptr<const LoadedTrace> trace) {
    beginResetModel();
    trace_ = std::move(trace);
    filtered_ = false;
    filter_.clear();
    rows_.clear();
    endResetModel();
}

void EventLogModel::setFilter(const QString& text) {
    beginResetModel();
    filter_ = text.trimmed();
    filtered_ = !filter_.isEmpty() && trace_;
    rows_.clear();
    if (filtered_) {
        const std::string f = filter_.toLower().toStdString();
        const TraceStore& s = *trace_->store;
        for (size_t i = 0; i < s.size(); ++i) {
            const Event e = s.event(i);
            const std::string text = formatEvent(e);
            if (text.find(f) != std::string::npos)
                rows_.push_back(uint32_t(i));
        }
    }
    endResetModel();
}

int EventLogModel::rowCount(const QModelIndex& parent) const {
    if (parent.isValid() || !trace_)
        return 0;
    return int(filtered_ ? rows_.size() : std::min<size_t>(trace_->store->size(), INT32_MAX));
}

int EventLogModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

size_t EventLogModel::eventAt(int row) const { return filtered_ ? rows_[size_t(row)] : size_t(row); }

int EventLogModel::rowOfEvent(size_t event) const {
    if (!trace_)
        return -1;
    if (!filtered_)
        return event < trace_->store->size() ? int(event) : -1;
    auto it = std::upper_bound(rows_.begin(), rows_.end(), uint32_t(event));
    return it == rows_.begin() ? -1 : int(std::prev(it) - rows_.begin());
}

QVariant EventLogModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || !trace_ || index.row() >= rowCount())
        return {};
    const size_t i = eventAt(index.row());
    if (role == EventIndexRole)
        return qulonglong(i);
    if (role == Qt::TextAlignmentRole)
        return index.column() == Size || index.column() == Step || index.column() == Line
                   ? QVariant(Qt::AlignRight | Qt::AlignVCenter)
                   : QVariant(Qt::AlignLeft | Qt::AlignVCenter);
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return {};
    const TraceStore& s = *trace_->store;
    const Event e = s.event(i);
    switch (Column(index.column())) {
    case Step: return qulonglong(i + 1);
    case Line: return qulonglong(s.lineOf(i));
    case Operation: return QString::fromLatin1(opName(e.op));
    case Domain: return QString::fromLatin1(domainName(e.domain));
    case Size: return e.op == Op::Free ? QVariant() : QVariant(qulonglong(e.size));
    case Pointer: return hex(e.ptr);
    case OldPointer: return e.op == Op::Realloc ? hex(e.oldPtr) : QString();
    case Note: {
        const uint8_t f = s.flags(i);
        QStringList n;
        if (f & kMismatch) n << tr("mismatch");
        if (f & kArenaAllocated) n << tr("new arena");
        if (f & kArenaFreed) n << tr("arena given back");
        if (f & kPoolStateChange) n << tr("pool state");
        if (!(f & (kPredicted | kTouchesPymalloc)) && e.isRequest() && e.ptr) n << tr("system allocator");
        return n.join(QStringLiteral(", "));
    }
    case ColumnCount: break;
    }
    return {};
}

QVariant EventLogModel::headerData(int section, Qt::Orientation o, int role) const {
    if (o != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, o, role);
    switch (Column(section)) {
    case Step: return tr("Step");
    case Line: return tr("Line");
    case Operation: return tr("Operation");
    case Domain: return tr("Domain");
    case Size: return tr("Size");
    case Pointer: return tr("Pointer");
    case OldPointer: return tr("Old pointer");
    case Note: return tr("What happened");
    case ColumnCount: break;
    }
    return {};
}

} // namespace arenascope::views
