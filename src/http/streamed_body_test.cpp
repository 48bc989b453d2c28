// Unit tests for streamed bodies (Response::producer) through the real server on a loopback port:
// HTTP/1.1 chunks in order with the connection kept, HTTP/1.0 until close, empty pieces skipped,
// and a producer that throws leaves the body unfinished.
#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio.hpp>
#include <stdexcept>
#include <thread>

#include "http/response.hpp"
#include "http/router.hpp"
#include "http/server.hpp"

namespace plumbline::http {
namespace {

namespace asio = boost::asio;

// A server on a free loopback port with /pieces (four pieces, one of them empty) and /broken
// (a piece, then an exception).
class StreamedServer : public ::testing::Test {
 protected:
  void SetUp() override {
    auto g = std::make_shared<Group>(Group{"public", ErrorFormat::html, {}});
    router_.add(g, "GET", "/pieces", [this](Request&) {
      auto n = std::make_shared<int>(0);
      return Response::streamed("text/csv", [this, n](std::string& piece) {
        ++calls_;
        static const char* pieces[] = {"id,name\r\n", "", "1,a\r\n", "2,b\r\n"};
        piece = pieces[*n];
        return ++*n < 4;
      });
    });
    router_.add(g, "GET", "/broken", [](Request&) {
      auto first = std::make_shared<bool>(true);
      return Response::streamed("text/plain", [first](std::string& piece) -> bool {
        if (!*first) throw std::runtime_error("store gone");
        *first = false;
        piece = "partial";
        return true;
      });
    });
    ServerOptions o;
    o.port = 0;
    o.handler_threads = 2;
    o.io_threads = 1;
    server_ = std::make_unique<Server>(o, router_);
    server_->listen();
    thread_ = std::thread([this] { server_->run(); });
  }
  void TearDown() override {
    server_->stop();
    thread_.join();
  }
  // Sends `request` and reads until the server closes or `until` has arrived.
  std::string exchange(const std::string& request, const std::string& until = "") {
    asio::io_context io;
    asio::ip::tcp::socket s(io);
    s.connect({asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(server_->port())});
    asio::write(s, asio::buffer(request));
    std::string got;
    char buf[4096];
    boost::system::error_code ec;
    while (until.empty() || got.find(until) == std::string::npos) {
      auto n = s.read_some(asio::buffer(buf), ec);
      got.append(buf, n);
      if (ec) break;
    }
    return got;
  }

  Router router_;
  std::unique_ptr<Server> server_;
  std::thread thread_;
  std::atomic<int> calls_{0};
};

TEST_F(StreamedServer, Http11SendsEachPieceAsAChunkAndKeepsTheConnection) {
  auto got = exchange(
      "GET /pieces HTTP/1.1\r\nHost: t\r\n\r\nGET /pieces HTTP/1.1\r\nHost: t\r\n"
      "Connection: close\r\n\r\n");
  auto head_end = got.find("\r\n\r\n");
  ASSERT_NE(head_end, std::string::npos) << got;
  auto head = got.substr(0, head_end);
  EXPECT_NE(head.find("HTTP/1.1 200"), std::string::npos) << head;
  EXPECT_NE(head.find("Transfer-Encoding: chunked"), std::string::npos) << head;
  EXPECT_EQ(head.find("Content-Length"), std::string::npos) << head;
  // Three non-empty pieces, in order, then the last chunk; the empty piece wrote nothing.
  EXPECT_NE(got.find("\r\n\r\n9\r\nid,name\r\n\r\n5\r\n1,a\r\n\r\n5\r\n2,b\r\n\r\n0\r\n\r\n"),
            std::string::npos)
      << got;
  // The kept-alive connection answered the second request too.
  EXPECT_EQ(got.find("HTTP/1.1 200", head_end), got.rfind("HTTP/1.1 200"));
  EXPECT_NE(got.rfind("HTTP/1.1 200"), got.find("HTTP/1.1 200"));
  EXPECT_EQ(calls_.load(), 8);  // four calls per body: the producer is asked once per piece
}

TEST_F(StreamedServer, Http10GetsTheBodyUntilTheConnectionCloses) {
  auto got = exchange("GET /pieces HTTP/1.0\r\n\r\n");
  EXPECT_EQ(got.find("chunked"), std::string::npos) << got;
  auto body = got.substr(got.find("\r\n\r\n") + 4);
  EXPECT_EQ(body, "id,name\r\n1,a\r\n2,b\r\n");
}

TEST_F(StreamedServer, AProducerThatThrowsLeavesTheBodyUnfinished) {
  auto got = exchange("GET /broken HTTP/1.1\r\nHost: t\r\n\r\n");
  EXPECT_NE(got.find("7\r\npartial\r\n"), std::string::npos) << got;
  EXPECT_EQ(got.find("0\r\n\r\n"), std::string::npos) << "no last chunk: the client sees a failure";
}

}  // namespace
}  // namespace plumbline::http
