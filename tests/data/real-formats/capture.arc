filedesc://capture.arc 0.0.0.0 20050101000000 text/plain 65
1 0 Test
URL IP-address Archive-date Content-type Archive-length


http://news.example/arc 10.0.0.1 20050102030405 text/html 180
HTTP/1.1 200 OK
Content-Type: text/html

<!doctype html><html><head><title>An ARC capture</title></head><body><article><p>Written by an old crawler.</p></article></body></html>

