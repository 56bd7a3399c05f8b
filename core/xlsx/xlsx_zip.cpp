// ZipArchive over minizip's unzip API with in-memory I/O callbacks (zlib_filefunc64_def): the
// workbook never touches a file system, in the browser or natively.
#include "xlsx/xlsx_zip.hpp"

#include <algorithm>
#include <cstring>

#include <minizip/unzip.h>

namespace clv::xlsx {

namespace {

struct MemoryStream {
    const unsigned char* data = nullptr;
    uint64_t size = 0;
    uint64_t pos = 0;
};

voidpf mem_open(voidpf, const void* filename, int) { return const_cast<void*>(filename); }
uLong mem_read(voidpf, voidpf stream, void* buf, uLong size) {
    auto* s = static_cast<MemoryStream*>(stream);
    const uint64_t n = std::min<uint64_t>(size, s->size - std::min(s->pos, s->size));
    std::memcpy(buf, s->data + s->pos, static_cast<size_t>(n));
    s->pos += n;
    return static_cast<uLong>(n);
}
uLong mem_write(voidpf, voidpf, const void*, uLong) { return 0; }
ZPOS64_T mem_tell(voidpf, voidpf stream) { return static_cast<MemoryStream*>(stream)->pos; }
long mem_seek(voidpf, voidpf stream, ZPOS64_T offset, int origin) {
    auto* s = static_cast<MemoryStream*>(stream);
    uint64_t base = 0;
    if (origin == ZLIB_FILEFUNC_SEEK_CUR) base = s->pos;
    else if (origin == ZLIB_FILEFUNC_SEEK_END) base = s->size;
    if (offset > s->size || base + offset > s->size) return -1;
    s->pos = base + offset;
    return 0;
}
int mem_close(voidpf, voidpf) { return 0; }
int mem_error(voidpf, voidpf) { return 0; }

bool iequal(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i) {
        char x = a[i], y = b[i];
        if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
        if (x != y) return false;
    }
    return true;
}

}  // namespace

struct ZipArchive::Impl {
    MemoryStream stream;
    unzFile zip = nullptr;
    bool entry_open = false;
    uint64_t entry_start = 0;  // offset of the open entry's data (local header) in the archive
    ~Impl() {
        if (zip) {
            if (entry_open) unzCloseCurrentFile(zip);
            unzClose(zip);
        }
    }
};

ZipArchive::ZipArchive() : impl_(std::make_unique<Impl>()) {}
ZipArchive::~ZipArchive() = default;

bool ZipArchive::open(std::string_view bytes, std::string& error) {
    impl_ = std::make_unique<Impl>();
    entries_.clear();
    impl_->stream.data = reinterpret_cast<const unsigned char*>(bytes.data());
    impl_->stream.size = bytes.size();
    zlib_filefunc64_def io{};
    io.zopen64_file = mem_open;
    io.zread_file = mem_read;
    io.zwrite_file = mem_write;
    io.ztell64_file = mem_tell;
    io.zseek64_file = mem_seek;
    io.zclose_file = mem_close;
    io.zerror_file = mem_error;
    io.opaque = nullptr;
    impl_->zip = unzOpen2_64(&impl_->stream, &io);
    if (!impl_->zip) {
        error = "the zip container is damaged (its central directory cannot be read)";
        return false;
    }
    // A workbook has a few dozen parts; a million entries is not a workbook but a zip bomb.
    constexpr size_t kMaxEntries = 100000;
    for (int rc = unzGoToFirstFile(impl_->zip); rc == UNZ_OK; rc = unzGoToNextFile(impl_->zip)) {
        unz_file_info64 info{};
        char name[1024];
        if (unzGetCurrentFileInfo64(impl_->zip, &info, name, sizeof name, nullptr, 0, nullptr, 0) != UNZ_OK) break;
        ZipEntry e;
        e.name.assign(name, strnlen(name, sizeof name));
        e.compressed_size = info.compressed_size;
        e.uncompressed_size = info.uncompressed_size;
        e.encrypted = (info.flag & 1) != 0;
        entries_.push_back(std::move(e));
        if (entries_.size() > kMaxEntries) break;
    }
    if (entries_.empty()) {
        error = "the zip container holds no files";
        return false;
    }
    return true;
}

const ZipEntry* ZipArchive::find(std::string_view name) const {
    if (!name.empty() && name.front() == '/') name.remove_prefix(1);
    for (const ZipEntry& e : entries_)
        if (iequal(e.name, name)) return &e;
    return nullptr;
}

bool ZipArchive::open_entry(std::string_view name, std::string& error) {
    close_entry();
    const ZipEntry* e = find(name);
    if (!impl_->zip || !e) {
        error = "the workbook has no part '" + std::string(name) + "'";
        return false;
    }
    if (e->encrypted) {
        error = "the part '" + e->name + "' is encrypted";
        return false;
    }
    if (unzLocateFile(impl_->zip, e->name.c_str(), 1) != UNZ_OK) {
        error = "the part '" + e->name + "' cannot be found in the zip container";
        return false;
    }
    int method = 0, level = 0;
    if (unzOpenCurrentFile2(impl_->zip, &method, &level, 0) != UNZ_OK) {
        error = "the part '" + e->name + "' cannot be opened (damaged zip data)";
        return false;
    }
    if (method != 0 && method != Z_DEFLATED) {
        unzCloseCurrentFile(impl_->zip);
        error = "the part '" + e->name + "' uses a compression method other than deflate";
        return false;
    }
    impl_->entry_open = true;
    impl_->entry_start = impl_->stream.pos;
    return true;
}

long ZipArchive::read(char* buffer, size_t size) {
    if (!impl_->entry_open) return 0;
    const int n = unzReadCurrentFile(impl_->zip, buffer, static_cast<unsigned>(std::min<size_t>(size, 1u << 30)));
    return n < 0 ? -1 : n;
}

void ZipArchive::close_entry() {
    if (impl_->entry_open) unzCloseCurrentFile(impl_->zip);
    impl_->entry_open = false;
}

uint64_t ZipArchive::compressed_position() const {
    return impl_->entry_open && impl_->stream.pos > impl_->entry_start ? impl_->stream.pos - impl_->entry_start : 0;
}

bool ZipArchive::read_all(std::string_view name, std::string& out, std::string& error, uint64_t max_bytes) {
    out.clear();
    if (!open_entry(name, error)) return false;
    char buffer[64 * 1024];
    for (;;) {
        const long n = read(buffer, sizeof buffer);
        if (n < 0) {
            close_entry();
            error = "the part '" + std::string(name) + "' is damaged (its compressed data cannot be inflated)";
            return false;
        }
        if (n == 0) break;
        if (out.size() + static_cast<size_t>(n) > max_bytes) {
            close_entry();
            error = "the part '" + std::string(name) + "' is larger than " + std::to_string(max_bytes >> 20) + " MB";
            return false;
        }
        out.append(buffer, static_cast<size_t>(n));
    }
    close_entry();
    return true;
}

}  // namespace clv::xlsx
